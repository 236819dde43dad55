// Validation against published figures: the table holds the papers' numbers, and the model's accuracy is bounded.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "ohmic/arch/loader.h"
#include "ohmic/cost/macro_model.h"
#include "ohmic/cost/validate.h"

namespace ohmic::cost {
namespace {

const ValidationReport& report() {
  static const ValidationReport r = validate_published(std::string(OHMIC_SOURCE_DIR) + "/data/published-cim.yaml");
  return r;
}

const ValidationRow* find(const std::string& id, const std::string& metric, double published) {
  for (const auto& row : report().rows)
    if (row.id == id && row.metric == metric && std::abs(row.published - published) < 1e-9) return &row;
  return nullptr;
}

TEST(Validate, TableHoldsThePublishedNumbers) {
  // A sample of figures as published (data/published-cim.yaml), each matched to its preset.
  const struct {
    const char* id;
    const char* metric;
    double published;
  } figures[] = {{"jia_jssc2020", "tops_per_w", 192},      {"jia_jssc2020", "tops_per_w", 400},
                 {"sinangil_jssc2021", "tops_per_w", 351}, {"wang_vlsi2022", "tops_per_w", 32.2},
                 {"colonnade_jssc2021", "tops_per_w", 117.3}, {"chih_isscc2021", "tops_per_w", 24.7},
                 {"fujiwara_isscc2022", "tops_per_mm2", 221}, {"hermes_jssc2022", "tops_per_w", 10.5},
                 {"hermes_jssc2022", "tops_per_mm2", 1.59},   {"neurram_nature2022", "tops_per_w", 6.4},
                 {"legallo_natelec2023", "tops", 63.1},       {"metis_isscc2024", "fps", 2502},
                 {"wang_vlsi2022", "tops_per_mm2", 2.4},      {"wang_vlsi2022", "tops_per_mm2", 4.0},
                 {"hermes_jssc2022", "tops", 1.008},          {"colonnade_jssc2021", "tops_per_w", 2.06}};
  for (const auto& f : figures) {
    const ValidationRow* row = find(f.id, f.metric, f.published);
    ASSERT_NE(row, nullptr) << f.id << " " << f.metric;
    EXPECT_FALSE(row->preset.empty()) << f.id;
    ASSERT_TRUE(row->ours) << f.id << ": " << row->reason;
    EXPECT_GT(*row->ours, 0);
  }
  // Vendor claims are compared too, and unmodellable figures carry a reason instead of a number.
  bool vendor = false, reasoned = false;
  for (const auto& row : report().rows) {
    vendor |= row.group == "vendor" && row.ours.has_value();
    reasoned |= !row.ours && !row.reason.empty();
  }
  EXPECT_TRUE(vendor);
  EXPECT_TRUE(reasoned);
  // The published conditions reach the model: Colonnade's efficiencies at 0.6 V, Jia's 0.85 V point at its clock.
  EXPECT_NE(find("colonnade_jssc2021", "tops_per_w", 117.3)->condition.find("0.60 V"), std::string::npos);
  EXPECT_NE(find("colonnade_jssc2021", "tops_per_w", 2.06)->condition.find("0.60 V"), std::string::npos);
  EXPECT_NE(find("wang_vlsi2022", "tops_per_mm2", 4.0)->condition.find("1.10 V"), std::string::npos);
  const ValidationRow* jia_low = find("jia_jssc2020", "tops", 0.87);
  ASSERT_TRUE(jia_low && jia_low->ours);
  EXPECT_NE(jia_low->condition.find("0.85 V"), std::string::npos);
}

// A preset sized from a figure (`sized_from:`) reproduces it by construction: the row says so, has no error, and
// no statistic or FAR flag counts it. A stand-in TOPS/mm2 of 0.1 at Jia's 0.85 V point (not the paper's 0.24; the
// model gives about 0.37 at the alpha-power clock, FAR when it is a check) stands in for such a figure.
TEST(Validate, SizedFromFiguresAreNotChecks) {
  const auto path = std::filesystem::temp_directory_path() / "ohmic_test_validate_sized.yaml";
  {
    std::ofstream f(path);
    f << "macros:\n  - id: jia_jssc2020\n    points:\n"
         "      - {vdd_v: 0.85, input_bits: 1, weight_bits: 1, tops_per_w: 400, tops_per_mm2: 0.1, level: macro, tag: P}\n";
  }
  const auto jia = arch::load_chip("jia_jssc2020");
  const auto sized = arch::parse_chip_text(jia->source_text + "sized_from: [tops_per_mm2]\n", "jia.yaml", "jia_jssc2020");
  ASSERT_EQ(sized->sized_from, std::vector<std::string>{"tops_per_mm2"});
  const ValidationReport plain = validate_published(path.string(), {jia});
  const ValidationReport marked = validate_published(path.string(), {sized});
  std::filesystem::remove(path);
  ASSERT_EQ(plain.rows.size(), 2u);
  ASSERT_EQ(marked.rows.size(), 2u);
  EXPECT_EQ(plain.summary.count_tops_per_mm2, 1);
  EXPECT_EQ(marked.summary.count_tops_per_mm2, 0);  // left out of the median
  EXPECT_EQ(marked.summary.count_tops_per_w, 1);    // the other figure is still a check
  EXPECT_EQ(marked.summary.median_abs_error_tops_per_w, plain.summary.median_abs_error_tops_per_w);
  ASSERT_EQ(plain.summary.routes.size(), 1u);
  ASSERT_EQ(marked.summary.routes.size(), 1u);
  EXPECT_EQ(plain.summary.routes[0].figures, 2);
  EXPECT_EQ(plain.summary.routes[0].worst, "jia_jssc2020 tops_per_mm2");
  EXPECT_EQ(marked.summary.routes[0].figures, 1);  // and out of the route factor
  EXPECT_EQ(marked.summary.routes[0].worst, "jia_jssc2020 tops_per_w");
  const ValidationRow& mm2 = marked.rows[1];
  ASSERT_EQ(mm2.metric, "tops_per_mm2");
  EXPECT_TRUE(mm2.sized_from);
  EXPECT_TRUE(mm2.ours.has_value());
  EXPECT_FALSE(mm2.is_check());
  EXPECT_EQ(mm2.reason.rfind("sized from this claim: not a check", 0), 0u) << mm2.reason;
  EXPECT_FALSE(marked.rows[0].sized_from);
  const std::string text = validation_text(marked), plain_text = validation_text(plain);
  EXPECT_NE(text.find("sized from this claim: not a check"), std::string::npos) << text;
  EXPECT_NE(plain_text.find("FAR from the model"), std::string::npos) << plain_text;
  EXPECT_EQ(text.find("FAR from the model"), std::string::npos) << text;
  const auto j = validation_json(marked);
  EXPECT_FALSE(j["rows"][0]["sized_from"].get<bool>());
  EXPECT_FALSE(j["rows"][0]["error"].is_null());
  EXPECT_TRUE(j["rows"][1]["sized_from"].get<bool>());
  EXPECT_TRUE(j["rows"][1]["error"].is_null());
  EXPECT_FALSE(j["rows"][1]["ours"].is_null());
}

// The product presets sized from the vendor's TOPS say so, and validate shows those claims as not checks.
TEST(Validate, VendorClaimsThePresetsWereSizedFromAreMarked) {
  int marked = 0;
  for (const auto& row : report().rows) {
    if (!row.sized_from) continue;
    ++marked;
    EXPECT_EQ(row.group, "vendor") << row.id;
    EXPECT_EQ(row.metric, "tops") << row.id;
  }
  EXPECT_GE(marked, 5);  // houmo_h30/m30/m50, axelera_europa, encharge_en100
}

TEST(Validate, RangesAndBoundsCountAsMet) {
  ValidationRow r;
  r.published = 10;
  r.published_hi = 20;
  r.ours = 15;
  EXPECT_DOUBLE_EQ(r.ratio(), 1);
  r.ours = 40;
  EXPECT_DOUBLE_EQ(r.ratio(), 2);
  r.published_hi = 0;
  r.lower_bound = true;
  EXPECT_DOUBLE_EQ(r.ratio(), 1);
  r.ours = 5;
  EXPECT_DOUBLE_EQ(r.ratio(), 0.5);
}

// A 14 nm PCM test chip at 1 GHz; each test adds its `adc:` and `input:` lines.
constexpr const char* kPcmChip = R"(name: pcm test chip
summary: pulse-width inputs
citation: ohmic tests
route: pcm
node: "14 nm"
vdd: "0.8 V"
clock: "1 GHz"
macro:
  rows: 64
  cols: 64
  cell: 1t1r
  bits_per_cell: 4
  weight_bits: 8
  input_bits: 8
  g_min: "0.1 uS"
  g_max: "25 uS"
  read_voltage: "0.2 V"
)";

// A pulse-width input of L levels lasts up to L - 1 clocks (the row's PWM counter), so the array conducts for that
// window unless the chip gives array_read_time; a given array_read_time wins.
TEST(Validate, PulseWidthReadWindowIsTheLongestPulse) {
  const std::string base = std::string(kPcmChip) + "  adc: {kind: ramp, bits: 8, cols_per_adc: 4}\n";
  const auto pwm = arch::parse_chip_text(base + "  input: {encoding: pulse_width, pulse_levels: 256}\n", "<t>", "pwm");
  const MacroModel window = macro_model(*pwm, native_point(*pwm));
  EXPECT_NEAR(window.read_time_s, 255e-9, 1e-15);
  const auto timed = arch::parse_chip_text(
      base + "  input: {encoding: pulse_width, pulse_levels: 256}\n  array_read_time: \"20 ns\"\n", "<t>", "pwm2");
  const MacroModel short_window = macro_model(*timed, native_point(*timed));
  EXPECT_NEAR(short_window.read_time_s, 20e-9, 1e-15);
  const auto serial = arch::parse_chip_text(base + "  input: {encoding: bit_serial, dac_bits: 1}\n", "<t>", "bs");
  EXPECT_NEAR(macro_model(*serial, native_point(*serial)).read_time_s, 1e-9, 1e-15);
  // The cells conduct for half the window on average: 12.75x the window costs well over 5x the cell energy.
  EXPECT_GT(window.energy.cell, 5 * short_window.energy.cell);
}

// A pulse train (Sinangil: the input value is the number of read-wordline pulses) charges the row line once per
// pulse, (L - 1)/2 times per read on random data, where one pulse of the same total duration charges it once.
TEST(Validate, PulseTrainChargesTheRowLinePerPulse) {
  const std::string base = R"(name: pulse train test chip
summary: 8T analog SRAM with pulse inputs
citation: ohmic tests
route: sram_analog
node: "7 nm"
vdd: "0.8 V"
clock: "182 MHz"
macro:
  rows: 64
  cols: 64
  cell: sram_8t
  signed_weights: twos_complement
  weight_bits: 4
  input_bits: 4
  array_read_time: "5.5 ns"
  adc: {kind: flash, bits: 4, cols_per_adc: 4}
)";
  const auto width = arch::parse_chip_text(base + "  input: {encoding: pulse_width, pulse_levels: 16}\n", "<t>", "w");
  const auto train = arch::parse_chip_text(
      base + "  input: {encoding: pulse_width, pulse_levels: 16, pulse_coding: count}\n", "<t>", "c");
  EXPECT_DOUBLE_EQ(row_line_pulses_per_read(*width, 16, 1), 15.0 / 16);
  EXPECT_DOUBLE_EQ(row_line_pulses_per_read(*train, 16, 1), 7.5);
  const MacroModel w = macro_model(*width, native_point(*width));
  const MacroModel c = macro_model(*train, native_point(*train));
  EXPECT_GT(c.energy.dac_per_row, 2 * w.energy.dac_per_row);
  EXPECT_DOUBLE_EQ(c.slice_time_s, w.slice_time_s);  // same read window: only the energy differs
}

// An ADC's own step time (HERMES: 300 ps/LSB, 2^8 counts) replaces the kind's clock count; a CCO counts while the
// pulses integrate, so the longer of the two sets the step. A SAR takes one step per bit, so a bit override keeps the
// time right.
TEST(Validate, AdcStepTimeFromTheChip) {
  EXPECT_EQ(adc_steps_per_conversion(arch::AdcKind::kFlash, 4), 1);
  EXPECT_EQ(adc_steps_per_conversion(arch::AdcKind::kSar, 10), 10);
  EXPECT_EQ(adc_steps_per_conversion(arch::AdcKind::kCco, 8), 256);
  const std::string base = std::string(kPcmChip) + "  input: {encoding: pulse_width, pulse_levels: 129}\n";
  const auto counted = arch::parse_chip_text(base + "  adc: {kind: cco, bits: 8, cols_per_adc: 4}\n", "<t>", "a");
  const auto timed = arch::parse_chip_text(
      base + "  adc: {kind: cco, bits: 8, cols_per_adc: 4, step_time: \"300 ps\"}\n", "<t>", "b");
  const MacroModel a = macro_model(*counted, native_point(*counted));
  const MacroModel b = macro_model(*timed, native_point(*timed));
  EXPECT_NEAR(a.slice_time_s, 256e-9, 1e-15);  // 2^8 clocks of counting bind
  EXPECT_NEAR(b.adc_time_s, 76.8e-9, 1e-15);
  EXPECT_NEAR(b.slice_time_s, 128e-9, 1e-15);  // the 128 ns read window binds
  EXPECT_GT(macro_peak(*timed, native_point(*timed)).tops(), 1.9 * macro_peak(*counted, native_point(*counted)).tops());
  const std::string sar = base + "  adc: {kind: sar, bits: 10, cols_per_adc: 4, step_time: \"300 ns\"}\n";
  const auto sar10 = arch::parse_chip_text(sar, "<t>", "s10");
  const auto sar3 = arch::parse_chip_text(sar, "<t>", "s3", {{"macro.adc.bits", "3"}});
  EXPECT_NEAR(macro_model(*sar10, native_point(*sar10)).adc_time_s, 3e-6, 1e-15);
  EXPECT_NEAR(macro_model(*sar3, native_point(*sar3)).adc_time_s, 0.9e-6, 1e-15);
}

// A point that states its clock runs at it (the paper's frequency at that supply), not at the alpha-power estimate.
TEST(Validate, PointClockOverridesTheVoltageScaling) {
  const auto path = std::filesystem::temp_directory_path() / "ohmic_test_validate_freq.yaml";
  {
    std::ofstream f(path);
    f << "macros:\n  - id: jia_jssc2020\n    points:\n"
         "      - {vdd_v: 0.85, input_bits: 1, weight_bits: 1, tops: 0.87, level: macro, tag: P}\n"
         "      - {vdd_v: 0.85, freq_mhz: 40, input_bits: 1, weight_bits: 1, tops: 0.87, level: macro, tag: P}\n";
  }
  const ValidationReport r = validate_published(path.string());
  std::filesystem::remove(path);
  std::vector<double> tops;
  for (const auto& row : r.rows)
    if (row.metric == "tops" && row.ours) tops.push_back(*row.ours);
  ASSERT_EQ(tops.size(), 2u);
  const auto chip = arch::load_chip("jia_jssc2020");
  // 500 ns per read at the preset's 100 MHz: 40 MHz stretches it to 1.25 us; the alpha-power law to ~0.71 us.
  EXPECT_NEAR(tops[1] / tops[0], 40e6 / clock_at_voltage(*chip->clock_hz, *chip->vdd_v, 0.85), 1e-9);
  EXPECT_LT(tops[1], tops[0]);
}

// The accuracy the model reaches today with global constants (see docs/cost-model.md, "Validation"). These bounds
// catch regressions; the project target (median |error| <= 25 %, no route off by more than 2x) is checked below
// and is NOT met yet.
TEST(Validate, CurrentAccuracyBounds) {
  const auto& s = report().summary;
  EXPECT_GE(s.count_tops_per_w, 17);
  EXPECT_GE(s.count_tops_per_mm2, 7);
  // Today (docs/cost-model.md, "Validation"): 68.5 % over 17 TOPS/W figures, 20 % over 7 TOPS/mm2 figures (Jia's and
  // Wang's cell areas from their papers' area breakdowns, macro.cell_area: those four TOPS/mm2 figures check only the
  // periphery now); routes sram_analog 1.42x, sram_digital 1.97x (Colonnade's efficiencies at their published 0.6 V),
  // sram_charge 1.45x, pcm 3.05x (HERMES at its published 128 ns window).
  EXPECT_LT(s.median_abs_error_tops_per_w, 0.72);
  EXPECT_LT(s.median_abs_error_tops_per_mm2, 0.22);
  for (const auto& r : s.routes) EXPECT_LT(r.median_factor, r.route == "pcm" ? 3.2 : 2.0) << r.route;
}

// The project's target. Disabled because the model does not meet it honestly (see the report); enable it when it does.
TEST(Validate, DISABLED_MeetsProjectTarget) {
  const auto& s = report().summary;
  EXPECT_LE(s.median_abs_error_tops_per_w, 0.25);
  EXPECT_LE(s.median_abs_error_tops_per_mm2, 0.25);
  for (const auto& r : s.routes) EXPECT_LE(r.median_factor, 2.0) << r.route;
  EXPECT_TRUE(s.meets_target);
}

}  // namespace
}  // namespace ohmic::cost
