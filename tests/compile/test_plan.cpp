// Plans on hand-checked cases: counts derived by hand from the mapping rules, the sequential schedule with reloads,
// the infeasible case's reason, and the verifier catching each kind of broken plan.
#include <gtest/gtest.h>

#include <functional>

#include "ohmic/compile/compile.h"
#include "ohmic/compile/counting.h"
#include "ohmic/compile/plan_json.h"
#include "ohmic/compile/verify.h"
#include "test_support.h"

namespace ohmic::compile {
namespace {

// Gemm 100 -> 10 on 64x64 arrays, differential pair, 1 bit/cell, 8-bit weights: 7 magnitude bits in two columns
// each, so a weight takes 14 columns and a block holds 4 output channels (56 columns): 2 row blocks (64 + 36 rows) x 3 column blocks (4, 4, 2 channels) = 6 blocks.
testing::ChipParams small_reram() {
  testing::ChipParams p;
  p.rows = p.cols = 64;
  p.rows_active = 32;
  p.cols_active = 64;
  p.tiles = 4;
  p.macros_per_tile = 4;
  return p;
}

TEST(CompilePlan, GemmCountsFollowTheMappingByHand) {
  const graph::Graph g = testing::gemm_graph(1, 100, 10, true, 7);
  const arch::ChipSpec chip = testing::make_chip(small_reram());
  const Expected<Plan> plan = compile(g, chip);
  ASSERT_TRUE(plan.ok()) << plan.reason();
  ASSERT_EQ(plan->layers.size(), 1u);
  const LayerPlan& l = plan->layers[0];
  EXPECT_EQ(l.encoding.planes.size(), 14u);
  EXPECT_EQ(l.encoding.input_slices, 8);  // signed 8-bit graph input, 1-bit DAC
  EXPECT_TRUE(l.encoding.input_signed);
  EXPECT_EQ(l.row_blocks, 2);
  EXPECT_EQ(l.col_blocks, 3);
  ASSERT_EQ(l.blocks.size(), 6u);
  EXPECT_EQ(l.replication, 1);  // one position: nothing to split between copies
  const LayerCounts& c = l.counts;
  EXPECT_EQ(c.macs, 1000);
  // Every block is read in 2 row phases (64 and 36 rows, 32 active), 8 input slices.
  EXPECT_EQ(c.array_reads, 8 * 6 * 2);
  EXPECT_EQ(c.dac_activations, 8 * 3 * (64 + 36));
  EXPECT_EQ(c.adc_conversions, 8 * 2 * 2 * (56 + 56 + 28));
  EXPECT_EQ(c.shift_adds, c.adc_conversions);
  EXPECT_EQ(c.adder_tree_adds, 0);
  EXPECT_EQ(c.psum_adds, 10 * (4 - 1));  // 4 partial results per output (2 blocks x 2 phases)
  EXPECT_EQ(c.output_ops, 2 * 10);     // bias add + scale
  EXPECT_EQ(c.weight_cells, (64 + 36) * (56 + 56 + 28));
  EXPECT_EQ(c.weight_bytes, c.weight_cells / 8);
  EXPECT_EQ(c.cycles, 8 * 2);          // slices x row phases; one ADC per column
  EXPECT_EQ(l.encoding.adc_bits_exact, 6);  // 32 rows x 1-bit input x 1-bit cell: 0..32
  EXPECT_EQ(plan->schedule.mode, "pipelined");
  EXPECT_EQ(plan->schedule.reload_bytes, 0);
}

TEST(CompilePlan, ConvReplicatesIntoSpareArraysAndSplitsPositions) {
  testing::ConvParams cp;
  cp.in_c = 4;
  cp.out_c = 4;
  const graph::Graph g = testing::conv_graph(cp, 3);
  const Expected<Plan> plan = compile(g, testing::make_chip(small_reram()));
  ASSERT_TRUE(plan.ok()) << plan.reason();
  const LayerPlan& l = plan->layers[0];
  ASSERT_EQ(l.blocks.size(), 1u);  // 36 rows x 4 channels x 14 columns fits one array
  EXPECT_EQ(l.replication, 16);    // every array of the chip holds a copy
  EXPECT_EQ(l.counts.cycles, 4 * 8 * 2);  // 64 positions / 16 copies x 8 slices x 2 row phases
  CompileOptions no_rep;
  no_rep.replicate = false;
  const Expected<Plan> single = compile(g, testing::make_chip(small_reram()), no_rep);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->layers[0].counts.cycles, 64 * 8 * 2);
  // Replication moves no extra work: the same reads, spread over more arrays.
  EXPECT_EQ(single->layers[0].counts.array_reads, l.counts.array_reads);
  EXPECT_EQ(l.counts.weight_cells, 16 * single->layers[0].counts.weight_cells);
}

TEST(CompilePlan, TooSmallChipSchedulesRoundsWithDramOrSaysWhyNot) {
  testing::ChipParams p = small_reram();
  p.tiles = 1;
  p.macros_per_tile = 2;
  const graph::Graph g = testing::gemm_graph(1, 100, 10, true, 7);
  const Expected<Plan> none = compile(g, testing::make_chip(p));
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.reason().find("needs 6 arrays"), std::string::npos) << none.reason();
  EXPECT_NE(none.reason().find("no DRAM"), std::string::npos) << none.reason();

  p.dram = true;
  const Expected<Plan> seq = compile(g, testing::make_chip(p));
  ASSERT_TRUE(seq.ok()) << seq.reason();
  EXPECT_EQ(seq->schedule.mode, "sequential");
  EXPECT_EQ(seq->schedule.rounds.size(), 3u);
  EXPECT_EQ(seq->schedule.reload_bytes, (64 + 36) * (56 + 56 + 28) / 8);
  EXPECT_EQ(seq->layers[0].replication, 1);
  EXPECT_TRUE(verify_plan(*seq).empty());
  // Short of arrays, small blocks share them: rounds hold blocks {64x56, 36x56}, {64x56, 36x56} and
  // {64x28 beside 36x28 in one array}; rounds run one after another and the shared array reads its two blocks in
  // turn: 8 slices x (2 + 2 + (2 + 2)) row-phase reads.
  EXPECT_TRUE(seq->schedule.packed);
  EXPECT_EQ(seq->schedule.rounds[2].macros_used, 1);
  EXPECT_EQ(seq->layers[0].blocks[5].replicas[0].col_offset, 28);
  EXPECT_EQ(seq->layers[0].counts.cycles, 8 * (2 + 2 + 4));

  CompileOptions no_reload;
  no_reload.allow_reload = false;
  EXPECT_FALSE(compile(g, testing::make_chip(p), no_reload).ok());
}

TEST(CompilePlan, VonNeumannChipIsNotACompileTarget) {
  arch::ChipSpec gpu = testing::make_chip(small_reram());
  gpu.route = arch::Route::kGpu;
  const Expected<Plan> plan = compile(testing::gemm_graph(1, 8, 8, false, 1), gpu);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.reason().find("von Neumann"), std::string::npos);
}

TEST(CompilePlan, VerifierCatchesEveryKindOfBrokenPlan) {
  testing::ConvParams cp;
  cp.in_c = 8;
  cp.out_c = 8;
  cp.kernel_h = cp.kernel_w = 3;
  testing::ChipParams chip = small_reram();
  chip.rows = 32;
  const graph::Graph g = testing::conv_graph(cp, 5);
  CompileOptions opt;
  opt.replicate = false;
  const Plan good = compile(g, testing::make_chip(chip), opt).value();
  ASSERT_TRUE(verify_plan(good).empty());
  ASSERT_GT(good.layers[0].blocks.size(), 2u);
  const std::vector<std::pair<std::string, std::function<void(Plan&)>>> breakages = {
      {"a block dropped", [](Plan& p) { p.layers[0].blocks.pop_back(); }},
      {"a block duplicated", [](Plan& p) { p.layers[0].blocks.push_back(p.layers[0].blocks[0]); }},
      {"two blocks on one array", [](Plan& p) { p.layers[0].blocks[1].replicas = p.layers[0].blocks[0].replicas; }},
      {"a tile outside the chip", [](Plan& p) { p.layers[0].blocks[0].replicas[0].tile = 99; }},
      {"a block taller than the array", [](Plan& p) { p.layers[0].blocks[0].rows_used = 1000; }},
      {"a missing replica", [](Plan& p) { p.layers[0].replication = 2; }},
      {"planes that cannot hold the weights", [](Plan& p) { p.layers[0].encoding.planes.pop_back(); }},
      {"too few input slices", [](Plan& p) { p.layers[0].encoding.input_slices = 3; }},
      {"conv rows inconsistent", [](Plan& p) { p.layers[0].matrix.rows += 1; }},
      {"conv positions inconsistent", [](Plan& p) { p.layers[0].matrix.positions += 1; }},
      {"counts edited", [](Plan& p) { p.layers[0].counts.adc_conversions -= 1; }},
      {"node decision detached", [](Plan& p) { p.nodes[0].layer = -1; }},
  };
  for (const auto& [what, breakage] : breakages) {
    Plan bad = good;
    breakage(bad);
    EXPECT_FALSE(verify_plan(bad).empty()) << "not caught: " << what;
    EXPECT_THROW(check_plan(bad), Error) << what;
  }
}

TEST(CompilePlan, JsonRoundTripAndBadFiles) {
  const Plan p = compile(testing::gemm_graph(2, 30, 12, false, 9), testing::make_chip(small_reram())).value();
  EXPECT_EQ(plan_from_json(plan_to_json(p), "x"), p);
  nlohmann::json j = plan_to_json(p);
  j["format_version"] = 99;
  EXPECT_THROW(plan_from_json(j, "x"), Error);
  j = plan_to_json(p);
  j["layers"][0].erase("blocks");
  EXPECT_THROW(plan_from_json(j, "x"), Error);
  j = plan_to_json(p);
  j["nodes"][0]["target"] = 5;
  EXPECT_THROW(plan_from_json(j, "x"), Error);
  EXPECT_THROW(read_plan_file("/nonexistent/plan.json"), Error);
}

TEST(CompilePlan, ActionCountsSumLayersAndFallbackNodes) {
  testing::ConvParams cp;
  const graph::Graph g = testing::conv_graph(cp, 1);
  const Plan p = compile(g, testing::make_chip(small_reram())).value();
  const ActionCounts a = plan_action_counts(p);
  EXPECT_EQ(a.cim_layers, 1);
  EXPECT_EQ(a.cim.macs, p.layers[0].counts.macs);
  EXPECT_EQ(a.host.nodes, 1);  // the Relu: no digital unit on this chip
  EXPECT_EQ(a.host_by_kind.at("elementwise").ops, 4 * 8 * 8);
  testing::ChipParams with_du = small_reram();
  with_du.digital_unit = true;
  const ActionCounts b = plan_action_counts(compile(g, testing::make_chip(with_du)).value());
  EXPECT_EQ(b.host.nodes, 0);
  EXPECT_EQ(b.digital_unit.nodes, 1);
}

}  // namespace
}  // namespace ohmic::compile
