// The Plan drives the cost model (cost/plan_mapping.h): replication, utilization and reloads of the real mapping
// show up in energy and latency.
#include <gtest/gtest.h>

#include <filesystem>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/plan_mapping.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::compile {
namespace {

cost::ChipEstimate estimate(const graph::Graph& g, const arch::ChipSpec& chip, const CompileOptions& o = {}) {
  const Plan plan = compile(g, chip, o).value();
  return cost::price_mapping(cost::plan_mapping(plan, chip, cost::chip_resources(chip)), chip, plan.model);
}

graph::Graph cnn() {
  return onnx::import_model((std::filesystem::path(OHMIC_SOURCE_DIR) / "models" / "fmnist_cnn.onnx").string());
}

TEST(CompileCostSeam, ReplicationCutsLatencyNotArrayEnergy) {
  const graph::Graph g = cnn();
  const arch::ChipSpecPtr chip = arch::load_chip("default_reram");
  CompileOptions single;
  single.replicate = false;
  const cost::ChipEstimate one = estimate(g, *chip, single);
  const cost::ChipEstimate many = estimate(g, *chip);
  EXPECT_NEAR(many.energy_by_component_j.at("array"), one.energy_by_component_j.at("array"),
              1e-9 * one.energy_by_component_j.at("array"));
  EXPECT_NEAR(many.energy_by_component_j.at("adc"), one.energy_by_component_j.at("adc"),
              1e-9 * one.energy_by_component_j.at("adc"));
  // The conv layers' time falls with their copies (the host's Relu/MaxPool time, unchanged, dominates this chip).
  const auto conv_latency = [](const cost::ChipEstimate& e) {
    double t = 0;
    for (const auto& l : e.layers) t += l.kind == "conv" ? l.latency_s : 0;
    return t;
  };
  EXPECT_LT(conv_latency(many), 0.2 * conv_latency(one));
  EXPECT_LT(many.latency_s, one.latency_s);
  EXPECT_TRUE(many.all_weights_resident);
}

TEST(CompileCostSeam, ReloadsCostDramEnergyAndWriteTime) {
  const graph::Graph g = cnn();
  const arch::ChipSpecPtr big = arch::load_chip("default_reram");
  const arch::ChipSpecPtr small =
      arch::load_chip("default_reram", {{"tiles.count", "1"}, {"tiles.macros_per_tile", "2"}});
  const cost::ChipEstimate resident = estimate(g, *big);
  const cost::ChipEstimate reloaded = estimate(g, *small);
  EXPECT_FALSE(reloaded.all_weights_resident);
  EXPECT_GT(reloaded.energy_by_component_j.at("dram"), resident.energy_by_component_j.at("dram"));
  EXPECT_GT(reloaded.energy_by_component_j.at("weight_write"), 0);
  EXPECT_GT(reloaded.latency_s, resident.latency_s);
}

TEST(CompileCostSeam, PlanForAnotherChipIsRefused) {
  const graph::Graph g = cnn();
  const arch::ChipSpecPtr a = arch::load_chip("default_reram");
  const arch::ChipSpecPtr b = arch::load_chip("neurram_nature2022");
  const Plan plan = compile(g, *a).value();
  EXPECT_THROW(cost::plan_mapping(plan, *b, cost::chip_resources(*b)), Error);
}

}  // namespace
}  // namespace ohmic::compile
