// `ohmic run` through the built binary: a good run's JSON agrees with the library, and mismatched or missing data
// exits non-zero with a message naming the problem.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ohmic/data/host_eval.h"

namespace {

const std::string kCnn = std::string(OHMIC_SOURCE_DIR) + "/models/fmnist_cnn.onnx";

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};

Outcome ohmic(const std::string& args) {
  Outcome o;
  std::string command = std::string(OHMIC_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return o;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) o.output.append(buffer.data(), n);
  int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

bool have_fashion_mnist() {
  return std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
}

TEST(CliRun, JsonAgreesWithTheLibrary) {
  if (!have_fashion_mnist()) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  std::string json_path = (std::filesystem::temp_directory_path() / "ohmic-test-run.json").string();
  Outcome o = ohmic("run " + kCnn + " --data fashion-mnist --limit 300 --batch 7 --threads 1 --json " + json_path);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("accuracy"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("preprocess  x*0.00392157 then (x-0.286)/0.353"), std::string::npos) << o.output;
  std::ifstream in(json_path);
  nlohmann::json j = nlohmann::json::parse(in);
  std::filesystem::remove(json_path);
  for (const char* key : {"model", "data", "samples", "correct", "accuracy", "images_per_s", "batch", "threads",
                          "preprocessing", "seconds", "classes", "sample_dims", "executor", "dataset_size"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["samples"], 300);
  EXPECT_EQ(j["batch"], 7);
  EXPECT_EQ(j["threads"], 1);

  auto data = ohmic::data::open_dataset("fashion-mnist");
  ohmic::data::EvalOptions options;
  options.limit = 300;
  options.batch = 64;  // a different batch size must not change the count
  options.progress = false;
  ohmic::data::EvalResult r = ohmic::data::evaluate_on_host(kCnn, *data, options, 2);
  EXPECT_EQ(j["correct"].get<int64_t>(), r.correct);
  EXPECT_DOUBLE_EQ(j["accuracy"].get<double>(), r.accuracy);
}

TEST(CliRun, MismatchedDataSetIsRefused) {
  if (!std::filesystem::exists("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"))
    GTEST_SKIP() << "python3-sklearn not installed";
  Outcome o = ohmic("run " + kCnn + " --data digits");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("ohmic: error:"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("[1, 8, 8] do not fit model input 'input'"), std::string::npos) << o.output;
}

TEST(CliRun, MissingDataFileIsNamed) {
  Outcome o = ohmic("run " + kCnn + " --data npy:/nonexistent/images.npy,/nonexistent/labels.npy");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("/nonexistent/images.npy: file not found"), std::string::npos) << o.output;
  o = ohmic("run " + kCnn + " --data fashion-mnist,dir=/nonexistent");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("/nonexistent/t10k-images-idx3-ubyte.gz: file not found"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("dataset-fashion-mnist"), std::string::npos) << o.output;
}

TEST(CliRun, BadSpecAndMissingModel) {
  Outcome o = ohmic("run " + kCnn + " --data cifar10");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("unknown data set kind 'cifar10'"), std::string::npos) << o.output;
  o = ohmic("run /nonexistent/model.onnx --data digits");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("/nonexistent/model.onnx"), std::string::npos) << o.output;
}

}  // namespace
