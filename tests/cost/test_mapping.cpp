// The simple mapping counts actions by hand-checkable rules, and the estimate prices exactly those counts.
#include <gtest/gtest.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/macro_model.h"
#include "ohmic/cost/simple_mapping.h"
#include "ohmic/cost/workload/workload_file.h"
#include "test_chips.h"

namespace ohmic::cost {
namespace {

Workload parse(const std::string& text) { return *parse_workload_text(text, "<test>").layers; }

MappingSummary map(const Workload& w, const arch::ChipSpec& chip, int64_t batch = 1) {
  return simple_mapping(w, chip, chip_resources(chip), batch);
}

TEST(SimpleMapping, GemmCountsByHand) {
  const auto chip = testing::reram_chip();
  ASSERT_EQ(chip->cells_per_weight(8), 8);
  const auto m = map(parse("layers:\n  - {name: fc, kind: gemm, in_features: 100, out_features: 10}\n"), *chip);
  ASSERT_EQ(m.layers.size(), 1u);
  const LayerActions& a = m.layers[0];
  // K = 100 rows -> 2 row blocks (64 + 36); N = 10 weights at 8 per row -> 2 column blocks; 4 macros = all of them.
  EXPECT_EQ(a.macros_used, 4);
  EXPECT_TRUE(a.weights_resident);
  const double cycles = 8;                      // 8-bit inputs, 1 bit per read
  EXPECT_DOUBLE_EQ(a.array_reads, cycles * 2 * 2);           // row groups x column blocks
  EXPECT_DOUBLE_EQ(a.dac_conversions, cycles * 100 * 2);     // every input row driven in each column block
  EXPECT_DOUBLE_EQ(a.cell_reads, cycles * 100 * 10 * 8);     // K x N x cells per weight
  EXPECT_DOUBLE_EQ(a.adc_conversions, cycles * 2 * 10);      // one per weight (ADC spans a weight) per row block
  EXPECT_DOUBLE_EQ(a.column_ops, a.adc_conversions);
  EXPECT_DOUBLE_EQ(a.weight_combines, 0);                    // combined in analog
  EXPECT_DOUBLE_EQ(a.partial_sum_adds, 10);                  // two row blocks: one addition per output
  EXPECT_DOUBLE_EQ(a.serial_slices, cycles * 1);             // blocks run in parallel
  EXPECT_DOUBLE_EQ(a.digital_ops, 10);                       // one post-processing op per output
  // Input read once from the global buffer plus one broadcast feed (no tile buffers): 2 x 100 x 8 bits.
  EXPECT_DOUBLE_EQ(a.global_buffer_read_bits, 2 * 100 * 8);
  EXPECT_DOUBLE_EQ(a.global_buffer_write_bits, 10 * 8);
  EXPECT_DOUBLE_EQ(a.dram_read_bits, 0);
}

TEST(SimpleMapping, ConvCountsUseStrideAndPadding) {
  const auto chip = testing::reram_chip();
  const auto m = map(parse("layers:\n  - {kind: conv, in_channels: 4, out_channels: 6, input: [5, 5], kernel: 3, "
                           "stride: 2, padding: 1}\n"),
                     *chip);
  const LayerActions& a = m.layers[0];
  // 3x3 output positions, K = 36, N = 6: one macro.
  EXPECT_EQ(a.macros_used, 1);
  EXPECT_DOUBLE_EQ(a.macs, 9 * 36 * 6);
  EXPECT_DOUBLE_EQ(a.cell_reads, 9 * 8 * 36 * 6 * 8);
  EXPECT_DOUBLE_EQ(a.adc_conversions, 9 * 8 * 1 * 6);
  EXPECT_DOUBLE_EQ(a.partial_sum_adds, 0);
}

TEST(SimpleMapping, GroupedConvIsPackedBlockDiagonally) {
  const auto chip = testing::reram_chip(4);  // 8 macros
  const auto m = map(parse("layers:\n  - {kind: conv, in_channels: 32, out_channels: 32, input: [4, 4], kernel: 3, "
                           "padding: 1, groups: 32}\n"),
                     *chip);
  // K = 9, N = 1 per group: min(64/9, 8/1) = 7 groups per macro -> ceil(32/7) = 5 macros.
  EXPECT_EQ(m.layers[0].macros_used, 5);
}

TEST(SimpleMapping, DigitalRouteHasNoAdc) {
  const auto chip = testing::digital_chip();
  const auto m = map(parse("layers:\n  - {kind: gemm, in_features: 32, out_features: 4}\n"), *chip);
  const LayerActions& a = m.layers[0];
  EXPECT_EQ(a.macros_used, 1);
  EXPECT_DOUBLE_EQ(a.adc_conversions, 0);
  EXPECT_DOUBLE_EQ(a.column_ops, 8 * 32);  // 8 input bits x 32 columns (4 weights x 8 bit columns)
  EXPECT_DOUBLE_EQ(a.weight_combines, 4);  // the 8 bit-columns of each weight are added digitally
}

TEST(ChipEstimate, PricesExactlyTheCounts) {
  const auto chip = testing::reram_chip();
  const Workload w = parse("layers:\n  - {name: fc, kind: gemm, in_features: 100, out_features: 10}\n");
  const auto m = map(w, *chip);
  const ChipEstimate e = price_mapping(m, *chip, "t");
  const MacroModel mm = macro_model(*chip, resolve_point(*chip, {8, 8, 0, 0}));
  const LayerActions& a = m.layers[0];
  EXPECT_NEAR(e.energy_by_component_j.at("adc"), a.adc_conversions * mm.energy.adc_per_conversion, 1e-24);
  EXPECT_NEAR(e.energy_by_component_j.at("array"), a.cell_reads * mm.energy.cell, 1e-24);
  EXPECT_NEAR(e.energy_by_component_j.at("dac"), a.dac_conversions * mm.energy.dac_per_row, 1e-24);
  EXPECT_DOUBLE_EQ(e.energy_by_component_j.at("weight_write"), 0);
  // Latency: 8 serial slices of one 100 MHz cycle (the ADC converts one weight per read: 1 cycle).
  EXPECT_NEAR(e.latency_s, 8 * 10e-9, 1e-15);
  EXPECT_EQ(e.layers[0].bottleneck, "array");
  double sum = 0;
  for (const auto& [k, v] : e.energy_by_component_j) sum += v;
  EXPECT_NEAR(e.energy_per_sample_j, sum, 1e-24);
  EXPECT_GT(e.area_mm2, 0);
}

TEST(ChipEstimate, WeightsBeyondCapacityReloadFromDram) {
  const Workload w = parse("layers:\n  - {kind: gemm, in_features: 256, out_features: 16}\n");  // 4 x 2 = 8 macros
  const auto small = testing::reram_chip(2);  // 4 macros
  const auto big = testing::reram_chip(4);    // 8 macros
  const auto ms = map(w, *small);
  const LayerActions& a = ms.layers[0];
  EXPECT_FALSE(a.weights_resident);
  EXPECT_DOUBLE_EQ(a.weight_bits_loaded, 256 * 16 * 8);
  EXPECT_DOUBLE_EQ(a.cells_written, 256 * 16 * 8);
  EXPECT_DOUBLE_EQ(a.rows_written_serial, 64 * 2);  // two passes of 64 rows
  const ChipEstimate es = price_mapping(ms, *small, "t");
  const ChipEstimate eb = estimate_chip(w, *big, 1);
  EXPECT_TRUE(eb.all_weights_resident);
  EXPECT_FALSE(es.all_weights_resident);
  EXPECT_NEAR(es.energy_by_component_j.at("dram"), 256 * 16 * 8 * 8e-12, 1e-15);  // LPDDR4, 8 pJ/bit
  EXPECT_GT(es.energy_by_component_j.at("weight_write"), 0);
  EXPECT_DOUBLE_EQ(eb.energy_by_component_j.at("dram"), 0);
  EXPECT_GT(es.energy_per_sample_j, 10 * eb.energy_per_sample_j);
  EXPECT_GT(es.latency_s, 100 * eb.latency_s);  // ReRAM programming: ~1 us per row write
  EXPECT_EQ(es.layers[0].bottleneck, "weight_write");
  // A batch shares one reload: per-sample reload energy halves with batch 2.
  const ChipEstimate es2 = estimate_chip(w, *small, 2);
  EXPECT_NEAR(es2.energy_by_component_j.at("weight_write"), es.energy_by_component_j.at("weight_write") / 2, 1e-18);
}

TEST(ChipEstimate, RejectsVonNeumannChipsAndBadBatch) {
  const auto chip = testing::reram_chip();
  const Workload w = parse("layers:\n  - {kind: gemm, in_features: 8, out_features: 8}\n");
  EXPECT_THROW(estimate_chip(w, *chip, 0), Error);
}

}  // namespace
}  // namespace ohmic::cost
