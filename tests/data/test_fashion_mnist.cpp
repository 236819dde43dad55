#include <gtest/gtest.h>

#include "fixtures.h"
#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

using namespace ohmic::data;
using namespace ohmic::data::testing;

namespace {

// 3 images of 2x3 with pixel values 10*i + j, labels 7, 0, 9.
void write_set(const TempDir& dir, const std::string& images, const std::string& labels, bool gz = true) {
  auto put = gz ? write_gz : write_bytes;
  std::string suffix = gz ? ".gz" : "";
  put(dir.file("t10k-images-idx3-ubyte" + suffix), images);
  put(dir.file("t10k-labels-idx1-ubyte" + suffix), labels);
}

std::vector<uint8_t> pixels(int n, int per) {
  std::vector<uint8_t> v;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < per; ++j) v.push_back(static_cast<uint8_t>(10 * i + j));
  return v;
}

}  // namespace

TEST(FashionMnist, ReadsValuesLabelsAndPreprocesses) {
  for (bool gz : {true, false}) {
    TempDir dir;
    write_set(dir, idx({3, 2, 3}, pixels(3, 6)), idx({3}, {7, 0, 9}), gz);
    auto data = open_dataset("fashion-mnist,dir=" + dir.str());
    EXPECT_EQ(data->size(), 3);
    EXPECT_EQ(data->sample_dims(), (ohmic::graph::Dims{1, 2, 3}));
    EXPECT_EQ(data->num_classes(), 10);
    Batch b = data->read(1, 5);  // clipped to the last two
    ASSERT_EQ(b.images.dims(), (ohmic::graph::Dims{2, 1, 2, 3}));
    EXPECT_EQ(b.labels, (std::vector<int64_t>{0, 9}));
    const Preprocessing& p = data->preprocessing();
    EXPECT_DOUBLE_EQ(p.mean, 0.2860);
    EXPECT_DOUBLE_EQ(p.std, 0.3530);
    for (int i = 0; i < 12; ++i) {
      const int image = 1 + i / 6, pixel = i % 6;  // the batch starts at image 1
      float x = static_cast<float>(10 * image + pixel);
      float want = (x * static_cast<float>(1.0 / 255.0) - 0.2860f) / 0.3530f;
      EXPECT_EQ(b.images.data<float>()[i], want) << i;
    }
    // Reading backwards after forwards works (the gzip stream rewinds).
    Batch first = data->read(0, 1);
    EXPECT_EQ(first.labels, std::vector<int64_t>{7});
    EXPECT_EQ(first.images.data<float>()[0], (0.0f - 0.2860f) / 0.3530f);
  }
}

TEST(FashionMnist, OptionsOverridePreprocessing) {
  TempDir dir;
  write_set(dir, idx({1, 1, 2}, {0, 200}), idx({1}, {3}));
  auto data = open_dataset("fashion-mnist:test,dir=" + dir.str() + ",scale=1,mean=100,std=50");
  Batch b = data->read(0, 1);
  EXPECT_EQ(b.images.data<float>()[0], -2.0f);
  EXPECT_EQ(b.images.data<float>()[1], 2.0f);
}

TEST(FashionMnist, MissingFilesNameThePathAndThePackage) {
  TempDir dir;
  std::string e = error_of("fashion-mnist,dir=" + dir.str());
  EXPECT_NE(e.find(dir.str() + "/t10k-images-idx3-ubyte.gz"), std::string::npos) << e;
  EXPECT_NE(e.find("dataset-fashion-mnist"), std::string::npos) << e;
  e = error_of("fashion-mnist:train,dir=" + dir.str());
  EXPECT_NE(e.find("train-images-idx3-ubyte"), std::string::npos) << e;
}

TEST(FashionMnist, RejectsCorruptFiles) {
  struct Case {
    const char* name;
    std::string images, labels, expect;
  };
  std::vector<Case> cases = {
      {"truncated images", idx({3, 2, 3}, pixels(2, 6)), idx({3}, {1, 2, 3}), "truncated"},
      {"extra image data", idx({3, 2, 3}, pixels(4, 6)), idx({3}, {1, 2, 3}), "header declares"},
      {"bad magic", "\x01\x02\x08\x03" + be32(1) + be32(1) + be32(1) + "x", idx({1}, {1}), "not an idx file"},
      {"labels for a 2-d file", idx({1, 1}, {1}), idx({1}, {1}), "not an idx file"},
      {"count mismatch", idx({3, 2, 3}, pixels(3, 6)), idx({2}, {1, 2}), "holds 2 labels but"},
      {"label out of range", idx({3, 2, 3}, pixels(3, 6)), idx({3}, {1, 12, 3}), "label 12 of sample 1"},
      {"truncated labels", idx({3, 2, 3}, pixels(3, 6)), idx({3}, {1, 2}), "truncated"},
      {"header only", std::string("\0\0\x08\x03", 4) + be32(5), idx({5}, {1, 1, 1, 1, 1}), "truncated"},
      // A tiny file declaring 4e9 x 65535 x 65535 images must be refused before anything is allocated.
      {"huge header", idx({4000000000u, 65535, 65535}, {1, 2, 3}), idx({4000000000u}, {1}), "overflows"},
      {"over the tensor limit", idx({100000, 10000, 10000}, {1}), idx({100000}, {1}), "more than the limit"},
      {"huge both", idx({4000000000u, 1, 1}, {1}), idx({4000000000u}, {1}), "declares"},
      {"huge label count", idx({1, 1, 1}, {1}), idx({4000000000u}, {1}), "holds 4000000000 labels"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    write_set(dir, c.images, c.labels);
    std::string e = error_of("fashion-mnist,dir=" + dir.str());
    EXPECT_NE(e.find(c.expect), std::string::npos) << c.name << ": " << e;
    EXPECT_NE(e.find(dir.str()), std::string::npos) << c.name << " names no file: " << e;
  }
}

TEST(FashionMnist, RejectsADamagedGzipStream) {
  TempDir dir;
  write_gz(dir.file("whole.gz"), idx({50, 28, 28}, std::vector<uint8_t>(50 * 784, 77)));
  std::ifstream in(dir.file("whole.gz"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  write_bytes(dir.file("t10k-images-idx3-ubyte.gz"), bytes.substr(0, bytes.size() / 2));
  write_gz(dir.file("t10k-labels-idx1-ubyte.gz"), idx({50}, std::vector<uint8_t>(50, 1)));
  std::string e = error_of("fashion-mnist,dir=" + dir.str());
  EXPECT_NE(e.find("t10k-images-idx3-ubyte.gz"), std::string::npos) << e;
  // Corrupt the middle of the stream instead of cutting it.
  std::string flipped = bytes;
  for (size_t i = 20; i < flipped.size() - 8; i += 7) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
  write_bytes(dir.file("t10k-images-idx3-ubyte.gz"), flipped);
  e = error_of("fashion-mnist,dir=" + dir.str());
  EXPECT_NE(e.find("t10k-images-idx3-ubyte.gz"), std::string::npos) << e;
}

TEST(FashionMnist, DebianTestSplit) {
  if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto data = open_dataset("fashion-mnist");
  EXPECT_EQ(data->size(), 10000);
  EXPECT_EQ(data->sample_dims(), (ohmic::graph::Dims{1, 28, 28}));
  // The first test labels of Fashion-MNIST: ankle boot, pullover, trouser, trouser, shirt.
  Batch b = data->read(0, 5);
  EXPECT_EQ(b.labels, (std::vector<int64_t>{9, 2, 1, 1, 6}));
  Batch last = data->read(9999, 10);
  EXPECT_EQ(last.labels.size(), 1u);
}

TEST(FashionMnist, RespectsTheTensorByteLimit) {
  TempDir dir;
  write_set(dir, idx({3, 2, 3}, pixels(3, 6)), idx({3}, {7, 0, 9}));
  uint64_t saved = ohmic::graph::max_tensor_bytes();
  ohmic::graph::set_max_tensor_bytes(17);  // the images need 18 bytes
  std::string e = error_of("fashion-mnist,dir=" + dir.str());
  ohmic::graph::set_max_tensor_bytes(saved);
  EXPECT_NE(e.find("declares 18 bytes, more than the limit of 17"), std::string::npos) << e;
  EXPECT_EQ(open_dataset("fashion-mnist,dir=" + dir.str())->size(), 3);
}
