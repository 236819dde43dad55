// The bundled models: golden plans on two fixed chips (an analog ReRAM chip with a digital unit, a digital SRAM chip
// with DRAM), and every model x every preset either compiles to a verified plan or says why not.
// OHMIC_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/compile/plan_json.h"
#include "ohmic/compile/verify.h"
#include "ohmic/onnx/importer.h"
#include "test_support.h"

namespace ohmic::compile {
namespace {

namespace fs = std::filesystem;
const fs::path kModels = fs::path(OHMIC_SOURCE_DIR) / "models";
const fs::path kGolden = fs::path(OHMIC_SOURCE_DIR) / "tests" / "compile" / "golden";

graph::Graph load(const std::string& stem) {
  graph::Graph g = onnx::import_model((kModels / (stem + ".onnx")).string());
  g.name = stem;
  return g;
}

arch::ChipSpec golden_chip(const std::string& id) {
  testing::ChipParams p;
  if (id == "analog_reram") {
    p.rows = p.cols = 128;
    p.rows_active = 64;
    p.bits_per_cell = 2;
    p.tiles = 16;
    p.macros_per_tile = 4;
    p.adc_bits = 6;
    p.cols_per_adc = 8;
    p.digital_unit = true;
  } else {
    p.route = arch::Route::kSramDigital;
    p.scheme = arch::SignedWeights::kTwosComplement;
    p.rows = p.cols = 64;
    p.tiles = 2;
    p.macros_per_tile = 8;
    p.dram = true;
  }
  return testing::make_chip(p, id);
}

class GoldenPlan : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(GoldenPlan, MatchesTheCommittedPlan) {
  const auto& [model, chip_id] = GetParam();
  const graph::Graph g = load(model);
  const Expected<Plan> plan = compile(g, golden_chip(chip_id));
  ASSERT_TRUE(plan.ok()) << plan.reason();
  EXPECT_TRUE(verify_plan(*plan).empty());
  const nlohmann::json got = plan_to_json(*plan);
  const fs::path file = kGolden / (model + "__" + chip_id + ".json");
  if (std::getenv("OHMIC_UPDATE_GOLDEN")) {
    fs::create_directories(kGolden);
    write_plan_file(*plan, file.string());
    GTEST_SKIP() << "rewrote " << file;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " missing (run with OHMIC_UPDATE_GOLDEN=1)";
  const Plan want = read_plan_file(file.string());
  const nlohmann::json diff = nlohmann::json::diff(plan_to_json(want), got);
  EXPECT_TRUE(diff.empty()) << "plan differs from " << file << " (first changes): "
                            << nlohmann::json(std::vector<nlohmann::json>(diff.begin(),
                                                                           diff.begin() + std::min<size_t>(5, diff.size())))
                                   .dump();
}

INSTANTIATE_TEST_SUITE_P(Bundled, GoldenPlan,
                         ::testing::Combine(::testing::Values("fmnist_mlp", "fmnist_cnn", "fmnist_resnet",
                                                              "fmnist_transformer"),
                                            ::testing::Values("analog_reram", "digital_sram")),
                         [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

// Every bundled model on every preset: a verified plan, or one of the stated reasons.
TEST(CompileModels, EveryBundledModelOnEveryPresetCompilesOrSaysWhy) {
  const std::vector<arch::PresetEntry> presets = arch::list_presets();
  if (presets.empty()) GTEST_SKIP() << "no presets found";
  int plans = 0, refusals = 0;
  for (const std::string model : {"fmnist_mlp", "fmnist_cnn", "fmnist_resnet", "fmnist_transformer"}) {
    const graph::Graph g = load(model);
    for (const arch::PresetEntry& preset : presets) {
      const arch::ChipSpecPtr chip = arch::load_chip(preset.path.string());
      const Expected<Plan> plan = compile(g, *chip);
      if (plan.ok()) {
        ++plans;
        EXPECT_TRUE(verify_plan(*plan).empty()) << model << " on " << preset.id;
        EXPECT_EQ(plan_from_json(plan_to_json(*plan), "rt"), *plan) << model << " on " << preset.id;
        continue;
      }
      ++refusals;
      const std::string& why = plan.reason();
      const bool known = why.find("von Neumann") != std::string::npos || why.find("no DRAM") != std::string::npos ||
                         why.find("the array has") != std::string::npos;
      EXPECT_TRUE(known) << model << " on " << preset.id << ": " << why;
      EXPECT_EQ(chip->is_cim() && chip->dram.present() && why.find("no DRAM") != std::string::npos, false);
    }
  }
  EXPECT_GT(plans, 0);
  std::printf("%d plans, %d stated refusals\n", plans, refusals);
}

}  // namespace
}  // namespace ohmic::compile
