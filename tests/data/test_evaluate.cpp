#include <gtest/gtest.h>

#include "fixtures.h"
#include "ohmic/core/error.h"
#include "ohmic/data/evaluate.h"

using namespace ohmic::data;
using namespace ohmic::data::testing;
using ohmic::graph::Tensor;

namespace {

// 10 float32 images [1, 1, 2]; image i holds (i, 0); labels i % 3.
std::unique_ptr<Dataset> ten_images(const TempDir& dir) {
  std::vector<float> px;
  std::vector<int64_t> labels;
  for (int i = 0; i < 10; ++i) px.push_back(static_cast<float>(i)), px.push_back(0.0f), labels.push_back(i % 3);
  write_bytes(dir.file("x.npy"), npy("<f4", "(10, 1, 1, 2)", raw_le(px)));
  write_bytes(dir.file("y.npy"), npy("<i8", "(10,)", raw_le(labels)));
  return open_dataset("npy:" + dir.file("x.npy") + "," + dir.file("y.npy"));
}

// A "model" that predicts class (pixel value % 3) except for images 4 and 7, where it predicts class 0.
Tensor fake_model(const Tensor& images) {
  int64_t n = images.dim(0);
  Tensor logits(ohmic::graph::DType::Float32, {n, 3});
  for (int64_t i = 0; i < n; ++i) {
    int v = static_cast<int>(images.data<float>()[i * 2]);
    int predicted = (v == 4 || v == 7) ? 0 : v % 3;
    for (int c = 0; c < 3; ++c) logits.data<float>()[i * 3 + c] = c == predicted ? 1.0f + 0.5f * v : -1.0f * c;
  }
  return logits;
}

}  // namespace

TEST(Evaluate, CountsCorrectForAnyBatchSize) {
  TempDir dir;
  auto data = ten_images(dir);
  for (int64_t batch : {1, 3, 4, 10, 64}) {
    EvalOptions o;
    o.batch = batch;
    o.progress = false;
    o.keep_logits = 4;
    EvalResult r = evaluate(*data, fake_model, o);
    EXPECT_EQ(r.samples, 10);
    EXPECT_EQ(r.correct, 8) << batch;  // images 4 and 7 are wrong (labels 1 and 1)
    EXPECT_DOUBLE_EQ(r.accuracy, 0.8);
    ASSERT_EQ(r.first_logits.dims(), (ohmic::graph::Dims{4, 3}));
    EXPECT_EQ(r.first_labels, (std::vector<int64_t>{0, 1, 2, 0}));
    EXPECT_EQ(r.first_logits.data<float>()[3 * 3 + 0], 2.5f);  // image 3 -> class 0 with score 1 + 1.5
  }
}

TEST(Evaluate, LimitTakesAPrefix) {
  TempDir dir;
  auto data = ten_images(dir);
  EvalOptions o;
  o.limit = 5;
  o.batch = 2;
  o.progress = false;
  EvalResult r = evaluate(*data, fake_model, o);
  EXPECT_EQ(r.samples, 5);
  EXPECT_EQ(r.correct, 4);
}

TEST(Evaluate, RejectsBadLogitsAndOptions) {
  TempDir dir;
  auto data = ten_images(dir);
  EvalOptions o;
  o.progress = false;
  auto wrong_batch = [](const Tensor&) { return Tensor(ohmic::graph::DType::Float32, {1, 3}); };
  o.batch = 4;
  EXPECT_THROW(evaluate(*data, wrong_batch, o), ohmic::Error);
  o.batch = 0;
  EXPECT_THROW(evaluate(*data, fake_model, o), ohmic::Error);
}

TEST(Evaluate, MismatchedSampleShapeIsAClearError) {
  TempDir dir;
  auto data = ten_images(dir);  // samples [1, 1, 2]
  ohmic::graph::Shape input = {ohmic::graph::Dim::sym("batch"), ohmic::graph::Dim::of(1), ohmic::graph::Dim::of(28),
                               ohmic::graph::Dim::of(28)};
  try {
    check_fits_input(*data, "input", input);
    FAIL() << "no error";
  } catch (const ohmic::Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("[1, 1, 2]"), std::string::npos) << m;
    EXPECT_NE(m.find("'input' of shape [batch, 1, 28, 28]"), std::string::npos) << m;
  }
  ohmic::graph::Shape fits = {ohmic::graph::Dim::sym("batch"), ohmic::graph::Dim::of(1), ohmic::graph::Dim::sym("h"),
                              ohmic::graph::Dim::of(2)};
  EXPECT_NO_THROW(check_fits_input(*data, "input", fits));
}
