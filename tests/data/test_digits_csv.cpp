#include <gtest/gtest.h>

#include "fixtures.h"
#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

using namespace ohmic::data;
using namespace ohmic::data::testing;

namespace {

std::string row(int first_pixel, int label, int fields = 64) {
  std::string s = std::to_string(first_pixel);
  for (int i = 1; i < fields; ++i) {
    s += ',';
    s += std::to_string(i % 17);
  }
  s += ',';
  s += std::to_string(label);
  s += '\n';
  return s;
}

}  // namespace

TEST(DigitsCsv, ReadsRowsAndScales) {
  TempDir dir;
  write_gz(dir.file("d.csv.gz"), row(16, 3) + row(8, 0) + row(0, 9));
  auto data = open_dataset("digits:" + dir.file("d.csv.gz"));
  EXPECT_EQ(data->size(), 3);
  EXPECT_EQ(data->sample_dims(), (ohmic::graph::Dims{1, 8, 8}));
  Batch b = data->read(0, 3);
  EXPECT_EQ(b.labels, (std::vector<int64_t>{3, 0, 9}));
  EXPECT_EQ(b.images.data<float>()[0], 1.0f);
  EXPECT_EQ(b.images.data<float>()[64], 0.5f);
  EXPECT_EQ(b.images.data<float>()[63], 63 % 17 / 16.0f);
}

TEST(DigitsCsv, RejectsMalformedRowsNamingTheLine) {
  struct Case {
    const char* name;
    std::string text, expect;
  };
  std::vector<Case> cases = {
      {"short row", row(1, 1) + row(1, 1, 10), ":2: has 11 fields"},
      {"long row", row(1, 1, 70), ":1: has more than 65 fields"},
      {"bad label", row(1, 12), "label 12"},
      {"fraction label", row(1, 1).replace(row(1, 1).size() - 2, 1, "1.5"), "label 1.5"},
      {"text", "a,b,c\n", "field 1 is not a number"},
      {"empty", "", "holds no images"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    write_gz(dir.file("d.csv.gz"), c.text);
    std::string e = error_of("digits:" + dir.file("d.csv.gz"));
    EXPECT_NE(e.find(c.expect), std::string::npos) << c.name << ": " << e;
    EXPECT_NE(e.find("d.csv.gz"), std::string::npos) << c.name << ": " << e;
  }
  TempDir dir;
  std::string e = error_of("digits:" + dir.file("missing.csv.gz"));
  EXPECT_NE(e.find("missing.csv.gz: file not found"), std::string::npos) << e;
}

TEST(DigitsCsv, ScikitLearnCopy) {
  if (!std::filesystem::exists("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"))
    GTEST_SKIP() << "python3-sklearn not installed";
  auto data = open_dataset("digits");
  EXPECT_EQ(data->size(), 1797);
  Batch b = data->read(0, 3);
  EXPECT_EQ(b.labels, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(b.images.data<float>()[2], 5.0f / 16.0f);  // the first row starts 0,0,5,13
}
