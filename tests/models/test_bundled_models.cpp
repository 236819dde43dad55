// Every bundled model, run by ohmic's importer and host executor on the 10,000 Fashion-MNIST test images, must
// give exactly the number of correct images torch counted when the model was trained, and torch's logits on the
// first 16 test images within 1e-4 (models/<name>.json, written by models/train.py).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ohmic/data/host_eval.h"

namespace {

const std::string kModels = std::string(OHMIC_SOURCE_DIR) + "/models/";

nlohmann::json manifest(const std::string& name) {
  std::ifstream in(kModels + name + ".json");
  if (!in) throw std::runtime_error("missing manifest " + kModels + name + ".json");
  return nlohmann::json::parse(in);
}

class BundledModel : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledModel, HostRunReproducesTorch) {
  const std::string name = GetParam();
  ASSERT_TRUE(std::filesystem::exists(kModels + name + ".onnx")) << "models/" << name << ".onnx is missing";
  nlohmann::json m = manifest(name);
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist not installed";

  auto data = ohmic::data::open_dataset(m.at("data_spec").get<std::string>());
  // The C++ reader's default preprocessing must be the one the model was trained and measured with.
  const auto& p = m.at("preprocessing");
  EXPECT_DOUBLE_EQ(data->preprocessing().scale, p.at("scale").get<double>());
  EXPECT_DOUBLE_EQ(data->preprocessing().mean, p.at("mean").get<double>());
  EXPECT_DOUBLE_EQ(data->preprocessing().std, p.at("std").get<double>());

  ohmic::data::EvalOptions options;
  options.batch = 250;
  options.keep_logits = 16;
  options.progress = false;
  ohmic::data::EvalResult r = ohmic::data::evaluate_on_host(kModels + name + ".onnx", *data, options);

  EXPECT_EQ(r.samples, m.at("test_samples").get<int64_t>());
  EXPECT_EQ(r.correct, m.at("test_correct").get<int64_t>())
      << "torch counted " << m.at("test_correct") << "; test images with a top-2 logit margin below 1e-4: "
      << m.at("test_images_top2_margin_below_1e-4");
  EXPECT_EQ(r.first_labels, m.at("first16_labels").get<std::vector<int64_t>>());
  const auto& want = m.at("first16_logits");
  ASSERT_EQ(r.first_logits.dims(), (ohmic::graph::Dims{16, static_cast<int64_t>(want.at(0).size())}));
  double worst = 0;
  for (size_t i = 0; i < 16; ++i)
    for (size_t c = 0; c < want[i].size(); ++c) {
      double got = r.first_logits.data<float>()[i * want[i].size() + c];
      double diff = std::fabs(got - want[i][c].get<double>());
      worst = std::max(worst, diff);
      EXPECT_NEAR(got, want[i][c].get<double>(), 1e-4) << "image " << i << " class " << c;
    }
  RecordProperty("max_logit_error", std::to_string(worst));
  std::printf("%s: %lld/%lld correct (torch %lld), max |logit - torch| = %.3g, %.0f images/s\n", name.c_str(),
              static_cast<long long>(r.correct), static_cast<long long>(r.samples),
              static_cast<long long>(m.at("test_correct").get<int64_t>()), worst, r.images_per_s);
}

// The project's reproducibility rule: the same logits, bit for bit, whatever the thread count and batch size.
TEST_P(BundledModel, LogitsDoNotDependOnThreadsOrBatch) {
  const std::string name = GetParam();
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto data = ohmic::data::open_dataset("fashion-mnist");
  ohmic::data::EvalOptions options;
  options.limit = options.keep_logits = 40;
  options.progress = false;
  options.batch = 40;
  ohmic::data::EvalResult one = ohmic::data::evaluate_on_host(kModels + name + ".onnx", *data, options, 1);
  ohmic::data::EvalResult two = ohmic::data::evaluate_on_host(kModels + name + ".onnx", *data, options, 2);
  options.batch = 7;
  ohmic::data::EvalResult small = ohmic::data::evaluate_on_host(kModels + name + ".onnx", *data, options, 2);
  auto a = one.first_logits.values<float>(), b = two.first_logits.values<float>(), c = small.first_logits.values<float>();
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.size(), c.size());
  int threads_differ = 0, batch_differ = 0;
  for (size_t i = 0; i < a.size(); ++i) threads_differ += a[i] != b[i], batch_differ += a[i] != c[i];
  EXPECT_EQ(threads_differ, 0) << "logits that change between 1 and 2 threads";
  EXPECT_EQ(batch_differ, 0) << "logits that change between batch 40 and batch 7";
}

INSTANTIATE_TEST_SUITE_P(Models, BundledModel,
                         ::testing::Values("fmnist_mlp", "fmnist_cnn", "fmnist_resnet", "fmnist_transformer"),
                         [](const auto& info) { return info.param; });

}  // namespace
