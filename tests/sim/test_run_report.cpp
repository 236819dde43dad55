// The run report beside the accuracy: the cost of the same run (the Plan priced as `ohmic estimate MODEL --chip`
// prices it, scaled by the evaluated samples) and the saturation of a digital chip's accumulator.
#include <gtest/gtest.h>

#include <algorithm>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/cost/estimate.h"
#include "ohmic/onnx/importer.h"
#include "ohmic/sim/chip_sim.h"
#include "ohmic/sim/run.h"
#include "../compile/test_support.h"

namespace ohmic::sim {
namespace {

RunOptions mlp_run(const std::string& chip, int64_t limit) {
  RunOptions o;
  o.model = std::string(OHMIC_SOURCE_DIR) + "/models/fmnist_mlp.onnx";
  o.chip = chip;
  o.data = "fashion-mnist:test";
  o.limit = limit;
  o.batch = 32;
  o.calibration_samples = 32;
  o.progress = false;
  o.with_float = o.with_ideal = false;
  o.sim.mode = SimMode::kIdeal;  // the cost does not depend on the simulated physics
  return o;
}

TEST(RunReport, CostIsTheEstimateOfTheSameModelOnTheSameChipTimesTheSamples) {
  const RunOptions o = mlp_run("neurram_nature2022", 32);
  const RunReport r = run_on_chip(o);
  graph::Graph g = onnx::import_model(o.model);
  cost::EstimateOptions eo;
  eo.batch = o.batch;
  eo.with_baselines = false;
  const cost::EstimateReport e = cost::estimate_model(*arch::load_chip(o.chip), g, "fmnist_mlp", eo);
  const cost::ChipEstimate& want = e.phases.at(0).chip;
  EXPECT_GT(r.cost.energy_per_sample_j, 0);
  EXPECT_DOUBLE_EQ(r.cost.energy_per_sample_j, want.energy_per_sample_j);
  EXPECT_DOUBLE_EQ(r.cost.latency_s, want.latency_s);
  EXPECT_DOUBLE_EQ(r.cost.samples_per_s, want.samples_per_s);
  EXPECT_DOUBLE_EQ(r.cost.effective_tops_per_w(), want.effective_tops_per_w());
  EXPECT_EQ(r.cost.energy_by_component_j, want.energy_by_component_j);
  EXPECT_EQ(r.cost.batch, o.batch);
  EXPECT_EQ(r.samples, 32);
  EXPECT_DOUBLE_EQ(r.energy_total_j(), 32 * want.energy_per_sample_j);

  // Twice the samples: the same price per inference, twice the energy.
  const RunReport r2 = run_on_chip(mlp_run("neurram_nature2022", 64));
  EXPECT_EQ(r2.samples, 64);
  EXPECT_DOUBLE_EQ(r2.cost.energy_per_sample_j, r.cost.energy_per_sample_j);
  EXPECT_DOUBLE_EQ(r2.energy_total_j(), 2 * r.energy_total_j());

  const nlohmann::json j = run_report_json(r);
  EXPECT_DOUBLE_EQ(j["cost"]["energy_per_sample_j"].get<double>(), want.energy_per_sample_j);
  EXPECT_DOUBLE_EQ(j["cost"]["energy_total_j"].get<double>(), r.energy_total_j());
  EXPECT_EQ(j["cost"]["samples"], 32);
  for (const char* k : {"array", "dac", "adc", "digital", "buffers", "noc", "dram", "host"})
    EXPECT_TRUE(j["cost"]["energy_by_component_j"].contains(k)) << k;
  const std::string text = run_report_text(r);
  EXPECT_NE(text.find("cost        per inference"), std::string::npos) << text;
  EXPECT_NE(text.find("32 evaluated samples"), std::string::npos) << text;
}

// A Gemm of 64 rows on a digital chip whose accumulator holds 10 bits: 8-bit x 8-bit products overflow it.
TEST(RunReport, ASaturatingDigitalAccumulatorIsCountedPerLayer) {
  const graph::Graph g = compile::testing::gemm_graph(8, 64, 6, false, 3);
  compile::testing::ChipParams p;
  p.route = arch::Route::kSramDigital;
  p.scheme = arch::SignedWeights::kTwosComplement;
  arch::ChipSpec chip = compile::testing::make_chip(p);
  chip.macro.accumulator_bits = arch::Field<int>::given(10, "test");
  const compile::Plan plan = *compile::compile(g, chip, {});
  ASSERT_EQ(plan.layers.at(0).encoding.accumulator_bits_chip, 10);
  graph::Tensor x(graph::DType::Float32, {8, 64});
  std::fill_n(x.data<float>(), x.numel(), 1.0f);
  auto saturated = [&](SimMode mode) {
    SimOptions o;
    o.mode = mode;
    ChipSimulator sim(g, chip, plan, o);
    sim.calibrate(x);
    (void)sim.forward(x);
    return sim.layer_reports().at(0);
  };
  const LayerReport real = saturated(SimMode::kRealistic);
  EXPECT_EQ(real.outputs, 8 * 6);
  EXPECT_GT(real.saturated_outputs, 0);
  EXPECT_EQ(real.accumulator_bits, 10);
  EXPECT_GT(real.saturated_fraction(), 0.0);
  const LayerReport ideal = saturated(SimMode::kIdeal);  // the ideal chip has no accumulator limit
  EXPECT_EQ(ideal.outputs, 8 * 6);
  EXPECT_EQ(ideal.saturated_outputs, 0);
}

}  // namespace
}  // namespace ohmic::sim
