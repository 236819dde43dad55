// The wire resistance of a chip: the NeuroSim-derived default per node, the macro.wire_resistance override, and the
// loader's errors for bad values.
#include <gtest/gtest.h>

#include <string>

#include "ohmic/arch/loader.h"
#include "ohmic/core/error.h"
#include "ohmic/device/device_params.h"
#include "ohmic/device/ir_drop_wire.h"

using namespace ohmic;
using namespace ohmic::device;

namespace {

// Line 12 is the macro field under test.
std::string chip_text(const std::string& route, const std::string& cell, const std::string& extra_macro_line,
                      const std::string& node = "28 nm") {
  const bool analog = route != "sram_digital";
  return "name: Test chip\n"
         "summary: one line\n"
         "citation: \"nobody, nowhere\"\n"
         "route: " + route + "\n"
         "node: \"" + node + "\"\n"
         "vdd: \"0.9 V\"\n"
         "clock: \"100 MHz\"\n"
         "macro:\n"
         "  rows: 128\n"
         "  cols: 64\n"
         "  cell: " + cell + "\n" +
         (extra_macro_line.empty() ? "  bits_per_cell: 1\n" : "  " + extra_macro_line + "\n") +
         "  weight_bits: 4\n"
         "  input_bits: 8\n" +
         (analog ? "  adc: {kind: sar, bits: 6}\n" : "");
}

std::string error_of(const std::string& text) {
  try {
    arch::parse_chip_text(text, "t.yaml", "t");
  } catch (const Error& e) {
    return e.what();
  }
  return "NO ERROR";
}

}  // namespace

TEST(IrDropParams, NeuroSimWireSegmentPerNode) {
  // rho * 8F / (F * AR) with NeuroSim's (F, AR, rho): 22 nm -> 40 nm, 1.9, 4.03e-8; 130 nm -> 175 nm, 1.6, 2.2e-8.
  EXPECT_NEAR(wire_segment_resistance(22, false).r_ohm, 4.03e-8 * 8 / (40e-9 * 1.9), 1e-9);
  EXPECT_NEAR(wire_segment_resistance(130, false).r_ohm, 2.20e-8 * 8 / (175e-9 * 1.6), 1e-9);
  EXPECT_NEAR(wire_segment_resistance(22, true).r_ohm, wire_segment_resistance(22, false).r_ohm / 4, 1e-9);
  // Nearest node in log space; outside the table, the end rows.
  EXPECT_EQ(wire_segment_resistance(28, false).r_ohm, wire_segment_resistance(32, false).r_ohm);
  EXPECT_EQ(wire_segment_resistance(40, false).r_ohm, wire_segment_resistance(45, false).r_ohm);
  EXPECT_EQ(wire_segment_resistance(250, false).r_ohm, wire_segment_resistance(130, false).r_ohm);
  EXPECT_EQ(wire_segment_resistance(3, false).r_ohm, wire_segment_resistance(7, false).r_ohm);
  // Narrower wires resist more.
  EXPECT_GT(wire_segment_resistance(14, false).r_ohm, wire_segment_resistance(65, false).r_ohm);
}

TEST(IrDropParams, ChipDefaultsAndOverride) {
  const auto by_node = device_params_for(*arch::parse_chip_text(chip_text("reram", "1t1r", ""), "t.yaml"));
  EXPECT_EQ(by_node.r_wire_ohm, wire_segment_resistance(28, false).r_ohm);
  const auto cross_point = device_params_for(*arch::parse_chip_text(chip_text("reram", "1r", ""), "t.yaml"));
  EXPECT_EQ(cross_point.r_wire_ohm, wire_segment_resistance(28, true).r_ohm);
  const auto given =
      device_params_for(*arch::parse_chip_text(chip_text("pcm", "1t1r", "wire_resistance: \"250 mohm\""), "t.yaml"));
  EXPECT_DOUBLE_EQ(given.r_wire_ohm, 0.25);
  const auto ideal = device_params_for(*arch::parse_chip_text(chip_text("reram", "1t1r", "wire_resistance: \"0 ohm\""),
                                                              "t.yaml"));
  EXPECT_EQ(ideal.r_wire_ohm, 0.0);
  const auto sram = device_params_for(*arch::parse_chip_text(chip_text("sram_digital", "sram_6t", ""), "t.yaml"));
  EXPECT_EQ(sram.r_wire_ohm, 0.0);  // not modelled on SRAM routes
}

TEST(IrDropParams, BadWireResistanceNamesPlaceAndFix) {
  const std::string negative = error_of(chip_text("reram", "1t1r", "wire_resistance: \"-1 ohm\""));
  EXPECT_NE(negative.find("t.yaml:12"), std::string::npos) << negative;
  EXPECT_NE(negative.find("macro.wire_resistance"), std::string::npos) << negative;
  EXPECT_NE(negative.find("out of range"), std::string::npos) << negative;
  EXPECT_NE(negative.find("fix:"), std::string::npos) << negative;
  const std::string unit = error_of(chip_text("reram", "1t1r", "wire_resistance: \"2 uS\""));
  EXPECT_NE(unit.find("t.yaml:12"), std::string::npos) << unit;
  EXPECT_NE(unit.find("resistance units are expected"), std::string::npos) << unit;
  const std::string route = error_of(chip_text("sram_analog", "sram_8t", "wire_resistance: \"2 ohm\""));
  EXPECT_NE(route.find("t.yaml:12"), std::string::npos) << route;
  EXPECT_NE(route.find("only resistive routes"), std::string::npos) << route;
}
