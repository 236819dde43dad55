#include <gtest/gtest.h>

#include "fixtures.h"
#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

using namespace ohmic::data;
using namespace ohmic::data::testing;

TEST(Npy, Uint8ImagesWithInt64Labels) {
  TempDir dir;
  std::vector<uint8_t> px(2 * 3 * 4);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 10);
  write_bytes(dir.file("x.npy"), npy("|u1", "(2, 3, 4)", raw_le(px)));
  write_bytes(dir.file("y.npy"), npy("<i8", "(2,)", raw_le(std::vector<int64_t>{4, 1})));
  auto data = open_dataset("npy:" + dir.file("x.npy") + "," + dir.file("y.npy"));
  EXPECT_EQ(data->size(), 2);
  EXPECT_EQ(data->sample_dims(), (ohmic::graph::Dims{1, 3, 4}));
  EXPECT_EQ(data->num_classes(), 5);
  EXPECT_DOUBLE_EQ(data->preprocessing().scale, 1.0 / 255.0);  // uint8 default
  Batch b = data->read(0, 2);
  EXPECT_EQ(b.labels, (std::vector<int64_t>{4, 1}));
  for (size_t i = 0; i < px.size(); ++i)
    EXPECT_EQ(b.images.data<float>()[i], static_cast<float>(px[i]) * static_cast<float>(1.0 / 255.0)) << i;
}

TEST(Npy, Float32NchwWithSmallIntegerLabelsAndOptions) {
  TempDir dir;
  std::vector<float> px = {0.5f, -1.0f, 2.0f, 4.0f, 8.0f, 16.0f};  // 3 images [2, 1, 1]
  write_bytes(dir.file("x.npy"), npy("<f4", "(3, 2, 1, 1)", raw_le(px)));
  write_bytes(dir.file("y.npy"), npy("|u1", "(3,)", raw_le(std::vector<uint8_t>{0, 2, 1})));
  auto data = open_dataset("npy:" + dir.file("x.npy") + "," + dir.file("y.npy") + ",scale=2,mean=1,std=0.5");
  EXPECT_EQ(data->sample_dims(), (ohmic::graph::Dims{2, 1, 1}));
  Batch b = data->read(1, 2);
  EXPECT_EQ(b.labels, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(b.images.data<float>()[0], (2.0f * 2 - 1) / 0.5f);
  EXPECT_EQ(b.images.data<float>()[3], (16.0f * 2 - 1) / 0.5f);
  // int32 and int16 labels, including a sign-extended check of a negative one below.
  write_bytes(dir.file("y32.npy"), npy("<i4", "(3,)", raw_le(std::vector<int32_t>{3, 0, 2})));
  EXPECT_EQ(open_dataset("npy:" + dir.file("x.npy") + "," + dir.file("y32.npy"))->read(0, 3).labels,
            (std::vector<int64_t>{3, 0, 2}));
  write_bytes(dir.file("yneg.npy"), npy("<i2", "(3,)", raw_le(std::vector<int16_t>{3, -1, 2})));
  EXPECT_NE(error_of("npy:" + dir.file("x.npy") + "," + dir.file("yneg.npy")).find("label -1 of sample 1"),
            std::string::npos);
}

TEST(Npy, RejectsBadFiles) {
  TempDir dir;
  std::string x = dir.file("x.npy"), y = dir.file("y.npy");
  std::string good_labels = npy("<i8", "(2,)", raw_le(std::vector<int64_t>{0, 1}));
  std::string px = std::string(8, '\x01');
  struct Case {
    const char* name;
    std::string images, labels, expect, file;
  };
  std::vector<Case> cases = {
      {"bad magic", "NOTNUMPY" + px, good_labels, "bad magic", x},
      {"truncated data", npy("|u1", "(2, 2, 2)", px.substr(0, 5)), good_labels, "truncated", x},
      {"trailing data", npy("|u1", "(2, 2, 2)", px + "xx"), good_labels, "header declares", x},
      {"fortran order", npy("|u1", "(2, 2, 2)", px, true), good_labels, "Fortran order", x},
      {"big endian", npy(">f4", "(2, 1, 1)", px), good_labels, "unsupported element type", x},
      {"float64 images", npy("<f8", "(2, 1, 1)", px + px), good_labels, "unsupported element type", x},
      {"int images", npy("<i2", "(2, 2, 1)", px), good_labels, "not supported", x},
      {"rank 2 images", npy("|u1", "(2, 4)", px), good_labels, "2 dimensions", x},
      {"label count", npy("|u1", "(2, 2, 2)", px), npy("<i8", "(3,)", raw_le(std::vector<int64_t>{0, 1, 2})),
       "vector of 2", y},
      {"float labels", npy("|u1", "(2, 2, 2)", px), npy("<f4", "(2,)", raw_le(std::vector<float>{0, 1})),
       "labels are floats", y},
      {"huge shape", npy("|u1", "(1000000000, 1000, 1000)", px), good_labels, "more than the limit", x},
      {"overflowing shape", npy("|u1", "(100000000000, 100000000000, 1000)", px), good_labels, "overflows", x},
      {"truncated header", std::string("\x93NUMPY\x01\x00\xff\x00{'descr'", 17), good_labels, "truncated", x},
      {"no shape", npy("|u1", "[2]", px), good_labels, "no 'shape'", x},
  };
  for (const auto& c : cases) {
    write_bytes(x, c.images);
    write_bytes(y, c.labels);
    std::string spec = "npy:";
    spec += x;
    spec += ',';
    spec += y;
    std::string e = error_of(spec);
    EXPECT_NE(e.find(c.expect), std::string::npos) << c.name << ": " << e;
    EXPECT_NE(e.find(c.file), std::string::npos) << c.name << " names the wrong file: " << e;
  }
}

TEST(Npy, MissingFileNamesIt) {
  TempDir dir;
  std::string e = error_of("npy:" + dir.file("nope.npy") + "," + dir.file("labels.npy"));
  EXPECT_NE(e.find(dir.file("nope.npy")), std::string::npos) << e;
  EXPECT_NE(e.find("not found"), std::string::npos) << e;
}
