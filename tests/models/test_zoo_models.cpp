// The torchvision zoo (models/zoo, random weights, made by models/make_zoo.py via scripts/prepare-data.sh): ohmic's
// host executor must give torch's logits on the fixed check image recorded in each zoo model's JSON. This exercises
// the importer and the kernels on deep ImageNet-scale graphs (ResNet-18/50, MobileNetV2).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ohmic/data/host_eval.h"

namespace {

const std::string kZoo = std::string(OHMIC_SOURCE_DIR) + "/models/zoo/";

// x[0, c, h, w] = float32((c*224*224 + h*224 + w) % 251) / 251 - 0.5, as models/make_zoo.py builds it.
ohmic::graph::Tensor check_input() {
  ohmic::graph::Tensor x(ohmic::graph::DType::Float32, {1, 3, 224, 224});
  float* p = x.data<float>();
  for (int64_t k = 0; k < x.numel(); ++k) p[k] = static_cast<float>(k % 251) / 251.0f - 0.5f;
  return x;
}

class ZooModel : public ::testing::TestWithParam<std::string> {};

TEST_P(ZooModel, HostLogitsMatchTorch) {
  const std::string name = GetParam();
  if (!std::filesystem::exists(kZoo + name + ".onnx") || !std::filesystem::exists(kZoo + name + ".json"))
    GTEST_SKIP() << "models/zoo/" << name << " missing: run scripts/prepare-data.sh (models/make_zoo.py)";
  std::ifstream in(kZoo + name + ".json");
  nlohmann::json m = nlohmann::json::parse(in);
  if (!m.contains("check_logits")) GTEST_SKIP() << "zoo made by an older make_zoo.py; rerun models/make_zoo.py";
  std::vector<double> want = m.at("check_logits").get<std::vector<double>>();

  ohmic::data::HostModel model(kZoo + name + ".onnx");
  ohmic::graph::Tensor logits = model.forward(check_input());
  ASSERT_EQ(logits.numel(), static_cast<int64_t>(want.size()));
  double scale = 0;
  for (double v : want) scale = std::max(scale, std::fabs(v));
  // float32 through 20-50 layers: differences in summation order give relative errors around 1e-6..1e-5. The bound
  // is relative to the largest logit only (no absolute floor): random-weight MobileNetV2's logits are ~1e-9, and an
  // absolute floor would let a zero output pass.
  ASSERT_GT(scale, 0.0) << "torch's logits are all zero; the check image tests nothing";
  const double tolerance = 1e-4 * scale;
  double worst = 0;
  size_t best_ohmic = 0, best_torch = 0;
  const float* got = logits.data<float>();
  for (size_t i = 0; i < want.size(); ++i) {
    worst = std::max(worst, std::fabs(got[i] - want[i]));
    if (got[i] > got[best_ohmic]) best_ohmic = i;
    if (want[i] > want[best_torch]) best_torch = i;
  }
  EXPECT_LE(worst, tolerance) << name << ": max |logit - torch| " << worst << ", largest |logit| " << scale;
  EXPECT_EQ(best_ohmic, best_torch);
  std::printf("%s: max |logit - torch| = %.3g (largest |logit| %.3g)\n", name.c_str(), worst, scale);
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooModel, ::testing::Values("resnet18", "resnet50", "mobilenet_v2"),
                         [](const auto& info) { return info.param; });

}  // namespace
