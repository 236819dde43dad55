// Coverage smoke test: the bundled MLP runs on every CIM preset (every route, analog and digital; the gpu/npu/cpu
// baselines are not CIM chips) with its accuracy and its cost reported. 20 samples, one seed: this checks that each
// preset runs end to end and stays near float, not its accuracy (bench/sim/route_sweep.sh measures that).
#include <gtest/gtest.h>

#include "ohmic/arch/loader.h"
#include "ohmic/sim/run.h"

namespace ohmic::sim {
namespace {

std::vector<std::string> cim_preset_ids() {
  std::vector<std::string> ids;
  for (const arch::PresetEntry& p : arch::list_presets())
    if (!arch::is_von_neumann(arch::load_chip(p.path.string())->route)) ids.push_back(p.id);
  return ids;
}

class EveryCimPreset : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryCimPreset, RunsTheBundledMlpWithAccuracyAndCost) {
  RunOptions o;
  o.model = std::string(OHMIC_SOURCE_DIR) + "/models/fmnist_mlp.onnx";
  o.chip = GetParam();
  o.data = "fashion-mnist:test";
  o.limit = o.batch = o.calibration_samples = 20;
  o.progress = false;
  const RunReport r = run_on_chip(o);
  ASSERT_TRUE(r.float_eval && r.ideal);
  EXPECT_EQ(r.samples, 20);
  ASSERT_EQ(r.seeds.size(), 1u);
  EXPECT_EQ(r.seeds[0].layers.size(), 3u);  // the MLP's three Gemm layers all run on the arrays
  if (r.input_bits_min >= 4 && r.weight_bits_min >= 4) {
    // The ideal chip only quantizes: within 3 of 20 samples of float.
    EXPECT_NEAR(r.ideal->eval.accuracy, r.float_eval->accuracy, 0.15);
  } else if (r.ideal->eval.accuracy < r.float_eval->accuracy - 0.05) {
    // Binary or ternary precision (liu_isscc2020: 1-bit inputs) loses these float models: the run says why.
    bool noted = false;
    for (const std::string& n : r.notes) noted = noted || n.starts_with("sim: the ideal chip (exact integers) loses");
    EXPECT_TRUE(noted);
  }
  EXPECT_GT(r.cost.energy_per_sample_j, 0);
  EXPECT_GT(r.cost.samples_per_s, 0);
}

INSTANTIATE_TEST_SUITE_P(Presets, EveryCimPreset, ::testing::ValuesIn(cim_preset_ids()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace ohmic::sim
