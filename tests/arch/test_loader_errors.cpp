// Malformed chip descriptions: each must fail with an ohmic::Error naming file:line, the field, what is wrong and a fix.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chip_text.h"
#include "ohmic/arch/loader.h"

namespace ohmic::arch {
namespace {

using testing::kChipText;
using testing::error_of;
using testing::with;

struct BadCase {
  const char* label;
  std::string text;
  std::vector<std::string> parts;  // all must appear in the message
};

TEST(LoaderErrors, EachNamesPlaceFieldAndFix) {
  const std::vector<BadCase> cases = {
      {"missing field", with("  rows: 128\n", ""), {"t.yaml:10", "macro.rows: missing required field", "fix: add 'rows: 256' under 'macro'"}},
      {"missing top field", with("citation: \"nobody, nowhere\"\n", ""), {"citation: missing required field", "fix: add 'citation:"}},
      {"wrong unit", with("vdd: \"0.9 V\"", "vdd: \"0.9 MHz\""), {"t.yaml:6", "vdd:", "has frequency units, but voltage units", "fix:", "0.8 V"}},
      {"missing unit", with("node: \"28 nm\"", "node: 28"), {"t.yaml:5", "node:", "has no unit", "22 nm"}},
      {"unknown unit", with("node: \"28 nm\"", "node: \"5 parsecs\""), {"t.yaml:5", "node:", "unknown length unit 'parsecs'"}},
      {"negative size", with("  cols: 64", "  cols: -64"), {"t.yaml:12", "macro.cols", "must be positive", "fix:"}},
      {"zero tiles", with("  count: 4", "  count: 0"), {"t.yaml:19", "tiles.count", "must be positive"}},
      {"not an integer", with("  rows: 128", "  rows: 128.5"), {"t.yaml:11", "macro.rows", "not a whole number"}},
      {"unknown route", with("route: reram", "route: rerram"), {"t.yaml:4", "route: unknown value 'rerram'", "did you mean 'reram'?"}},
      {"unknown field", with("  rows_active: 32", "  rows_actve: 32"), {"t.yaml:13", "macro.rows_actve: unknown field", "did you mean 'rows_active'?"}},
      {"unknown top field", with("clock: \"100 MHz\"", "clock: \"100 MHz\"\nclok: 1"), {"t.yaml:8", "clok: unknown field", "did you mean 'clock'?"}},
      {"syntax error", with("  cols: 64", "  cols: [64"), {"t.yaml:", "YAML syntax error", "fix:"}},
      {"rows active > rows", with("  rows_active: 32", "  rows_active: 256"), {"t.yaml:13", "macro.rows_active", "256 active rows exceed the 128 rows"}},
      {"adc sharing", with("cols_per_adc: 8", "cols_per_adc: 5"), {"t.yaml:17", "macro.adc.cols_per_adc", "do not divide the 64 columns"}},
      {"adc bits", with("bits: 6, cols", "bits: 20, cols"), {"t.yaml:17", "macro.adc.bits", "out of range [1, 16]"}},
      {"input bits 0", with("input_bits: [1, 8]", "input_bits: 0"), {"t.yaml:16", "macro.input_bits", "out of range"}},
      {"bits order", with("input_bits: [1, 8]", "input_bits: [8, 1]"), {"t.yaml:16", "macro.input_bits", "out of range"}},
      {"cell kind vs route", with("route: reram", "route: sram_analog"),
       {"t.yaml:14", "macro.cell", "a 1t1r cell cannot build a sram_analog array", "use one of: sram_6t"}},
      {"bits per cell > 1 for SRAM",
       [] {
         std::string s = with("route: reram", "route: sram_analog");
         return s.replace(s.find("  cell: 1t1r"), 12, "  cell: sram_8t\n  bits_per_cell: 6");
       }(),
       {"macro.bits_per_cell", "out of range [1, 1]", "SRAM latch"}},
      {"adc on digital route",
       [] {
         std::string s = with("route: reram", "route: sram_digital");
         return s.replace(s.find("  cell: 1t1r"), 12, "  cell: sram_6t");
       }(),
       {"t.yaml:17", "macro.adc", "reads out digitally and has no ADC"}},
      {"no adc on analog route", with("  adc: {kind: sar, bits: 6, cols_per_adc: 8}\n", ""),
       {"macro.adc: missing required field"}},
      {"dac wider than input", with("  cell: 1t1r", "  cell: 1t1r\n  input: {dac_bits: 4}\n  input_bits_x: 1"),
       {"macro.input_bits_x: unknown field", "did you mean 'input_bits'?"}},
      {"assumption about unset field", with("field: macro.adc.bits", "field: macro.g_max"),
       {"assumptions: 'macro.g_max' is not a field this file sets"}},
      {"measured figures refused", with("route: reram", "route: reram\nmeasured: {tops_per_w: 10}"),
       {"t.yaml:5", "measured", "published results do not belong", "data/published-cim.yaml"}},
      {"conductance on SRAM",
       [] {
         std::string s = with("route: reram", "route: sram_analog");
         return s.replace(s.find("  cell: 1t1r"), 12, "  cell: sram_8t\n  g_max: \"10 uS\"");
       }(),
       {"macro.g_max", "only resistive routes"}},
      {"g_min above g_max", with("  cell: 1t1r", "  cell: 1t1r\n  g_min: \"50 uS\"\n  g_max: \"10 uS\""),
       {"macro.g_min", "must be below g_max"}},
      {"von Neumann with macro", with("route: reram", "route: gpu"), {"t.yaml:10", "macro", "von Neumann baseline"}},
      {"dram without bandwidth", kChipText + "dram: {kind: lpddr4, capacity: 1 GiB}\n",
       {"t.yaml:21", "dram.bandwidth: missing required field"}},
      {"mapping expected", with("tiles:\n  count: 4\n  macros_per_tile: 2\n", "tiles: 4\n"),
       {"t.yaml:18", "tiles: expected a mapping"}},
      {"empty document", "", {"t.yaml", "empty chip description"}},
      {"pulse coding on bit-serial inputs", with("  cell: 1t1r", "  cell: 1t1r\n  input: {pulse_coding: count}"),
       {"t.yaml:15", "macro.input.pulse_coding", "only meaningful with encoding: pulse_width", "fix:"}},
      {"unknown pulse coding",
       with("  cell: 1t1r", "  cell: 1t1r\n  input: {encoding: pulse_width, pulse_coding: counts}"),
       {"t.yaml:15", "macro.input.pulse_coding: unknown value 'counts'", "did you mean 'count'?"}},
      {"negative step time", with("cols_per_adc: 8}", "cols_per_adc: 8, step_time: \"-5 ns\"}"),
       {"t.yaml:17", "macro.adc.step_time", "must be positive"}},
      {"step time without unit", with("cols_per_adc: 8}", "cols_per_adc: 8, step_time: 5}"),
       {"t.yaml:17", "macro.adc.step_time", "has no unit"}},
      {"c-2c cell on a resistive route", with("  cell: 1t1r", "  cell: sram_c2c"),
       {"t.yaml:14", "macro.cell", "a sram_c2c cell cannot build a reram array"}},
      {"cell area out of range", with("  cell: 1t1r", "  cell: 1t1r\n  cell_area: \"2 mm2\""),
       {"t.yaml:15", "macro.cell_area", "out of range", "fix:", "um2"}},
      {"cell area without unit", with("  cell: 1t1r", "  cell: 1t1r\n  cell_area: 4.9"),
       {"t.yaml:15", "macro.cell_area", "has no unit"}},
      {"cell area as a length", with("  cell: 1t1r", "  cell: 1t1r\n  cell_area: \"4.9 um\""),
       {"t.yaml:15", "macro.cell_area", "has length units, but area units"}},
  };
  for (const auto& c : cases) {
    const std::string msg = error_of(c.text);
    for (const auto& part : c.parts) EXPECT_NE(msg.find(part), std::string::npos) << c.label << ": '" << part << "' not in: " << msg;
  }
}

TEST(LoaderErrors, OddShapesGiveErrorsNotCrashes) {
  const std::vector<std::string> texts = {
      "[1, 2, 3]",
      "just a scalar",
      with("macro:\n", "macro: [1, 2]\nxmacro:\n"),
      with("  rows: 128", "  rows: [128]"),
      with("  rows: 128", "  rows: {a: 1}"),
      with("  rows: 128", "  rows: 99999999999999999999999"),
      with("  rows: 128", "  rows: 0x80"),
      with("input_bits: [1, 8]", "input_bits: [1, 2, 3]"),
      with("input_bits: [1, 8]", "input_bits: [a, b]"),
      with("node: \"28 nm\"", "node: \"1e400 nm\""),
      with("node: \"28 nm\"", "node: [28 nm]"),
      with("assumptions:\n  - {field: macro.adc.bits, why: \"paper silent\"}", "assumptions: {a: b}"),
      with("assumptions:\n  - {field: macro.adc.bits, why: \"paper silent\"}", "assumptions:\n  - [1, 2]"),
      with("assumptions:\n  - {field: macro.adc.bits, why: \"paper silent\"}", "assumptions:\n  - {field: macro.adc.bits}"),
      with("route: reram", "route: [reram]"),
      with("tiles:\n", "? [a, b]\n: c\ntiles:\n"),
      kChipText + "dram: 5\n",
      kChipText + "host: {ops_per_s: \"1 GOPS\"}\n",
      kChipText + "noc: {kind: mesh, link_bits: -3}\n",
      kChipText + "global_buffer: {capacity: \"0.5 B\"}\n",
      with("route: reram", "route: gpu").substr(0, 90) + "\nvon_neumann: {peak: 5, tdp: \"1 W\"}\n",
      "name: &a x\nsummary: *a\ncitation: *b\n",
  };
  for (const auto& t : texts) {
    try {
      parse_chip_text(t, "t.yaml", "t");
      ADD_FAILURE() << "accepted:\n" << t;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("t.yaml"), std::string::npos) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "non-ohmic exception " << e.what() << " for:\n" << t;
    }
  }
}

TEST(LoaderErrors, DacWiderThanInputs) {
  const std::string msg = error_of(with("input_bits: [1, 8]", "input_bits: 2\n  input: {dac_bits: 4}"));
  EXPECT_NE(msg.find("macro.input.dac_bits"), std::string::npos) << msg;
  EXPECT_NE(msg.find("exceed the 2-bit inputs"), std::string::npos) << msg;
}

TEST(LoaderErrors, SyntaxErrorGivesItsLine) {
  const std::string msg = error_of(with("  cols: 64", "  cols: 64\n   bad: [unclosed"));
  EXPECT_NE(msg.find("YAML syntax error"), std::string::npos) << msg;
  EXPECT_NE(msg.find("t.yaml:1"), std::string::npos) << msg;  // lines 13..14 depending on the parser's position
}

TEST(LoaderErrors, UnknownPresetSuggestsAName) {
  try {
    load_chip("default_rerm");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'default_reram'?"), std::string::npos) << e.what();
  }
  try {
    load_chip("neurram");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'neurram_nature2022'?"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_chip("/no/such/file.yaml"), Error);
}

}  // namespace
}  // namespace ohmic::arch
