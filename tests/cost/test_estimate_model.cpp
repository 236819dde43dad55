// `ohmic estimate MODEL` prices the compiler's Plan (issue 4, item 7): the counts come from the real mapping.
#include <gtest/gtest.h>

#include <string>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/core/error.h"
#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/estimate.h"
#include "ohmic/cost/plan_mapping.h"
#include "ohmic/onnx/importer.h"

using namespace ohmic;

namespace {
graph::Graph bundled(const std::string& name) {
  onnx::ImportOptions o;
  o.batch = 1;
  return onnx::import_model(std::string(OHMIC_SOURCE_DIR) + "/models/" + name + ".onnx", o);
}
cost::EstimateOptions no_baselines() {
  cost::EstimateOptions o;
  o.with_baselines = false;
  return o;
}
}  // namespace

TEST(EstimateModel, PricesTheCompilersPlan) {
  const auto chip = arch::load_chip("default_reram");
  const graph::Graph g = bundled("fmnist_cnn");
  cost::EstimateReport r = cost::estimate_model(*chip, g, "fmnist_cnn", no_baselines());
  ASSERT_EQ(r.phases.size(), 1u);
  // The same numbers as pricing the Plan by hand: estimate_model adds nothing of its own.
  compile::CompileOptions copt;
  copt.batch = r.phases[0].chip.batch;
  auto plan = compile::compile(g, *chip, copt);
  ASSERT_TRUE(plan.ok()) << plan.reason();
  cost::ChipEstimate direct =
      cost::price_mapping(cost::plan_mapping(*plan, *chip, cost::chip_resources(*chip)), *chip, "fmnist_cnn");
  EXPECT_DOUBLE_EQ(r.phases[0].chip.energy_per_sample_j, direct.energy_per_sample_j);
  EXPECT_DOUBLE_EQ(r.phases[0].chip.latency_s, direct.latency_s);
  bool noted = false;
  for (const auto& a : r.phases[0].chip.assumptions) noted |= a.find("compiler's Plan") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(EstimateModel, UnmappableModelGivesTheCompilersReason) {
  const auto chip = arch::load_chip("sinangil_jssc2021");  // one 64x64 macro, no DRAM
  try {
    cost::estimate_model(*chip, bundled("fmnist_resnet"), "fmnist_resnet", no_baselines());
    FAIL() << "a 30-array model fitted one array";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("cannot be mapped"), std::string::npos) << m;
    EXPECT_NE(m.find("no DRAM"), std::string::npos) << m;
  }
}
