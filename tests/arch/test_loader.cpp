// Loader: values, units, origins (given/assumed/default), defaults, derived helpers, overrides, von Neumann chips.
#include <gtest/gtest.h>

#include "chip_text.h"
#include "ohmic/arch/describe.h"
#include "ohmic/arch/loader.h"

namespace ohmic::arch {
namespace {

using testing::kChipText;
using testing::with;

TEST(Loader, ReadsValuesInTheUnitsTheirNamesSay) {
  const auto c = parse_chip_text(kChipText, "t.yaml", "t");
  EXPECT_EQ(c->id, "t");
  EXPECT_EQ(c->name, "Test chip");
  EXPECT_EQ(c->route, Route::kReram);
  EXPECT_DOUBLE_EQ(*c->node_nm, 28.0);
  EXPECT_DOUBLE_EQ(*c->vdd_v, 0.9);
  EXPECT_DOUBLE_EQ(*c->clock_hz, 1e8);
  EXPECT_EQ(*c->macro.rows, 128);
  EXPECT_EQ(*c->macro.cols, 64);
  EXPECT_EQ(c->macro.weight_bits->min, 4);
  EXPECT_EQ(c->macro.weight_bits->max, 4);
  EXPECT_EQ(c->macro.input_bits->min, 1);
  EXPECT_EQ(c->macro.input_bits->max, 8);
  EXPECT_EQ(*c->macro.adc.kind, AdcKind::kSar);
  EXPECT_EQ(*c->macro.adc.cols_per_adc, 8);
  EXPECT_EQ(c->macro_count(), 8);
}

TEST(Loader, ReadsAStatedCellArea) {
  EXPECT_FALSE(parse_chip_text(kChipText, "t.yaml", "t")->macro.cell_area_m2.has_value());  // absent: cell-kind model
  const auto c = parse_chip_text(with("  cell: 1t1r", "  cell: 1t1r\n  cell_area: \"4.93 um2\""), "t.yaml", "t");
  ASSERT_TRUE(c->macro.cell_area_m2.has_value());
  EXPECT_NEAR(*c->macro.cell_area_m2, 4.93e-12, 1e-18);
  EXPECT_NE(describe_chip(*c).find("4.93 um2"), std::string::npos);
}

TEST(Loader, RecordsWhereEachValueCameFrom) {
  const auto c = parse_chip_text(kChipText, "t.yaml", "t");
  EXPECT_EQ(c->macro.rows.origin(), Origin::kGiven);
  EXPECT_EQ(c->macro.rows.note(), "t.yaml:11");
  EXPECT_EQ(c->macro.adc.bits.origin(), Origin::kAssumed);
  EXPECT_EQ(c->macro.adc.bits.note(), "t.yaml:17; paper silent");
  EXPECT_EQ(c->macro.cols_active.origin(), Origin::kDefault);
  EXPECT_EQ(*c->macro.cols_active, 64);
  EXPECT_EQ(c->macro.signed_weights.origin(), Origin::kDefault);
  EXPECT_EQ(*c->macro.signed_weights, SignedWeights::kDifferentialPair);
  EXPECT_EQ(c->macro.g_max_s.origin(), Origin::kAbsent);
  EXPECT_FALSE(c->macro.g_max_s.has_value());
  EXPECT_THROW((void)c->macro.g_max_s.value(), Error);
  ASSERT_EQ(c->assumptions.size(), 1u);
  EXPECT_EQ(c->assumptions[0].field, "macro.adc.bits");
}

TEST(Loader, DefaultsFollowTheDocumentedRules) {
  const auto c = parse_chip_text(kChipText, "t.yaml", "t");
  EXPECT_EQ(*c->macro.bits_per_cell, 1);
  EXPECT_EQ(*c->macro.input.encoding, InputEncoding::kBitSerial);
  EXPECT_EQ(*c->macro.input.dac_bits, 1);
  EXPECT_EQ(*c->macro.shift_add_bits, 4 + 8 + 5);  // weight + input + ceil(log2 32 active rows)
  EXPECT_EQ(*c->macro.accumulator_bits, *c->macro.shift_add_bits);
  EXPECT_DOUBLE_EQ(*c->macro.array_read_time_s, 1e-8);  // one 100 MHz cycle
  EXPECT_EQ(*c->noc.kind, NocKind::kMesh);              // several tiles
  EXPECT_EQ(*c->noc.link_bits, 64);
  EXPECT_FALSE(c->dram.present());
  EXPECT_FALSE(c->host.present());
  EXPECT_FALSE(c->macro.adder_tree.inputs.has_value());  // analog route: no adder tree
}

TEST(Loader, DigitalRouteDefaults) {
  std::string digital = with("route: reram", "route: sram_digital");
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"  cell: 1t1r", "  cell: sram_6t"},
                                 {"  adc: {kind: sar, bits: 6, cols_per_adc: 8}\n", ""},
                                 {"  - {field: macro.adc.bits, why: \"paper silent\"}", "  - general note"}})
    digital.replace(digital.find(from), from.size(), to);
  const auto c = parse_chip_text(digital, "d.yaml", "d");
  EXPECT_EQ(*c->macro.signed_weights, SignedWeights::kTwosComplement);
  EXPECT_FALSE(c->macro.adc.present());
  EXPECT_EQ(*c->macro.adder_tree.inputs, 32);
  EXPECT_EQ(*c->macro.adder_tree.output_bits, 6);  // ceil(log2 32) + 1
  EXPECT_EQ(c->assumptions[0].field, "");
}

TEST(Loader, DerivedQuantities) {
  const auto c = parse_chip_text(with("  cell: 1t1r", "  cell: 1t1r\n  bits_per_cell: 2"), "t.yaml", "t");
  EXPECT_EQ(c->cells_per_macro(), 128 * 64);
  EXPECT_EQ(c->cells_per_weight(4), 4);             // 2 slices x differential pair
  EXPECT_EQ(c->weights_per_macro(4), 128 * 16);
  EXPECT_EQ(c->input_cycles(8), 8);
  const auto offset = parse_chip_text(with("  cell: 1t1r", "  cell: 1t1r\n  signed_weights: offset_column"), "t", "t");
  EXPECT_EQ(offset->cells_per_weight(4), 4);
  EXPECT_EQ(offset->weights_per_macro(4), 128 * 15);  // 63 usable columns / 4
  // The pair carries the sign: a 4-bit signed weight on 3-bit cells is one pair (NeuRRAM), on a 2T2R cell one cell.
  const auto mlc = parse_chip_text(with("  cell: 1t1r", "  cell: 1t1r\n  bits_per_cell: 3"), "t", "t");
  EXPECT_EQ(mlc->cells_per_weight(4), 2);
  const auto pair_cell = parse_chip_text(with("  cell: 1t1r", "  cell: 2t2r\n  bits_per_cell: 3"), "t", "t");
  EXPECT_EQ(pair_cell->cells_per_weight(4), 1);
  EXPECT_EQ(pair_cell->cells_per_weight(1), 1);  // binary +-1 weight
  const auto pulse = parse_chip_text(with("  cell: 1t1r", "  cell: 1t1r\n  input: {encoding: pulse_width}"), "t", "t");
  EXPECT_EQ(pulse->input_cycles(8), 1);
  EXPECT_EQ(*pulse->macro.input.pulse_levels, 256);
  EXPECT_EQ(*pulse->macro.input.pulse_coding, PulseCoding::kDuration);  // one pulse unless told otherwise
  EXPECT_FALSE(c->macro.input.pulse_coding.has_value());               // bit-serial inputs have no pulse coding
  const auto train = parse_chip_text(
      with("  cell: 1t1r", "  cell: 1t1r\n  input: {encoding: pulse_width, pulse_coding: count}"), "t", "t");
  EXPECT_EQ(*train->macro.input.pulse_coding, PulseCoding::kCount);
  EXPECT_EQ(train->input_cycles(8), 1);
  EXPECT_FALSE(c->macro.adc.step_time_s.has_value());  // absent: the cost model's rule per ADC kind
  const auto timed = parse_chip_text(with("cols_per_adc: 8}", "cols_per_adc: 8, step_time: \"300 ps\"}"), "t", "t");
  EXPECT_DOUBLE_EQ(*timed->macro.adc.step_time_s, 300e-12);
}

TEST(Loader, OverridesReplaceFieldsAndRevalidate) {
  const auto c = parse_chip_text(kChipText, "t.yaml", "t", {{"macro.adc.bits", "4"}, {"vdd", "0.7 V"}});
  EXPECT_EQ(*c->macro.adc.bits, 4);
  EXPECT_EQ(c->macro.adc.bits.origin(), Origin::kGiven);  // chosen by the user, no longer the preset's assumption
  EXPECT_EQ(c->macro.adc.bits.note(), "override macro.adc.bits");
  EXPECT_DOUBLE_EQ(*c->vdd_v, 0.7);
  const auto d = parse_chip_text(kChipText, "t.yaml", "t", {{"dram", "{kind: lpddr4, capacity: 1 GiB, bandwidth: 10 GB/s}"}});
  EXPECT_TRUE(d->dram.present());
  EXPECT_THROW(parse_chip_text(kChipText, "t.yaml", "t", {{"macro.adc.cols_per_adc", "7"}}), Error);
  EXPECT_THROW(parse_chip_text(kChipText, "t.yaml", "t", {{"macro.adc.bitz", "7"}}), Error);
}

TEST(Loader, WithOverridesKeepsEarlierOverrides) {
  const auto a = parse_chip_text(kChipText, "t.yaml", "t", {{"vdd", "0.7 V"}});
  const auto b = with_overrides(*a, {{"macro.adc.bits", "5"}});
  EXPECT_DOUBLE_EQ(*b->vdd_v, 0.7);
  EXPECT_EQ(*b->macro.adc.bits, 5);
  EXPECT_EQ(*a->macro.adc.bits, 6);  // the original is untouched
  EXPECT_EQ(b->overrides.size(), 2u);
  EXPECT_EQ(b->id, "t");
}

TEST(Loader, VonNeumannChip) {
  const std::string text =
      "name: GPU\nsummary: s\ncitation: c\nroute: gpu\nnode: \"7 nm\"\nvdd: \"0.8 V\"\nclock: \"1.4 GHz\"\n"
      "von_neumann:\n  peak: {int8: \"624 TOPS\", fp16: \"312 TFLOPS\"}\n  tdp: \"400 W\"\n"
      "dram: {kind: hbm2e, capacity: \"40 GiB\", bandwidth: \"1555 GB/s\"}\n";
  const auto c = parse_chip_text(text, "g.yaml", "g");
  EXPECT_FALSE(c->is_cim());
  EXPECT_EQ(c->macro_count(), 0);
  EXPECT_DOUBLE_EQ(*c->von_neumann.peak_ops_per_s.at(Precision::kInt8), 624e12);
  EXPECT_DOUBLE_EQ(*c->von_neumann.tdp_w, 400);
  EXPECT_DOUBLE_EQ(*c->dram.bandwidth_bytes_per_s, 1555e9);
  EXPECT_EQ(*c->noc.kind, NocKind::kNone);
}

TEST(Describe, MarksAssumedAndDefaultFields) {
  const auto c = parse_chip_text(kChipText, "t.yaml", "t");
  const auto rows = spec_rows(*c);
  bool saw_assumed = false, saw_default = false;
  for (const auto& r : rows) {
    if (r.field == "macro.adc.bits") saw_assumed = r.origin == Origin::kAssumed && r.value == "6";
    if (r.field == "macro.cols_active") saw_default = r.origin == Origin::kDefault;
    if (r.field == "clock") {
      EXPECT_EQ(r.value, "100 MHz");
    }
  }
  EXPECT_TRUE(saw_assumed);
  EXPECT_TRUE(saw_default);
  const std::string text = describe_chip(*c);
  EXPECT_NE(text.find("A macro.adc.bits"), std::string::npos) << text;
  EXPECT_NE(text.find("D macro.cols_active"), std::string::npos) << text;
  EXPECT_NE(text.find("macro.adc.bits: paper silent"), std::string::npos) << text;
}

}  // namespace
}  // namespace ohmic::arch
