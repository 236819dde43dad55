// Reductions and Softmax: axes as attribute or input, keepdims, noop_with_empty_axes, integers, stability, errors.
#include <limits>

#include "ohmic/core/parallel.h"
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

// x[2, 3, 2] = 0..11
Tensor x3() { return f32({2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}); }

TEST(KernelsA_Reduce, Table) {
  struct Case {
    const char* name;
    OpKind op;
    std::optional<Tensor> axes_input;
    Attrs attrs;
    Dims out;
    std::vector<float> want;
  };
  const std::vector<Case> cases = {
      {"sum axis 1 input", OpKind::ReduceSum, i64s({1}), {{"keepdims", int64_t{0}}}, {2, 2}, {6, 9, 24, 27}},
      {"sum axis 1 keepdims", OpKind::ReduceSum, i64s({1}), {}, {2, 1, 2}, {6, 9, 24, 27}},
      {"sum all (no axes)", OpKind::ReduceSum, std::nullopt, {{"keepdims", int64_t{0}}}, {}, {66}},
      {"sum all keepdims", OpKind::ReduceSum, std::nullopt, {}, {1, 1, 1}, {66}},
      {"sum axes 0,2", OpKind::ReduceSum, i64s({0, -1}), {}, {1, 3, 1}, {14, 22, 30}},
      {"mean attr axes", OpKind::ReduceMean, std::nullopt, {{"axes", std::vector<int64_t>{2}}}, {2, 3, 1},
       {0.5f, 2.5f, 4.5f, 6.5f, 8.5f, 10.5f}},
      {"mean negative axes", OpKind::ReduceMean, std::nullopt, {{"axes", std::vector<int64_t>{-2, -1}}, {"keepdims", int64_t{0}}},
       {2}, {2.5f, 8.5f}},
      {"max axis 0", OpKind::ReduceMax, std::nullopt, {{"axes", std::vector<int64_t>{0}}, {"keepdims", int64_t{0}}}, {3, 2},
       {6, 7, 8, 9, 10, 11}},
      {"max all", OpKind::ReduceMax, std::nullopt, {}, {1, 1, 1}, {11}},
      {"max axes input (opset 18)", OpKind::ReduceMax, i64s({1}), {{"keepdims", int64_t{0}}}, {2, 2}, {4, 5, 10, 11}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Inputs in;
    in.emplace_back(x3());
    if (c.axes_input) in.emplace_back(*c.axes_input);
    expect_tensor<float>(run1(c.op, in, c.attrs), c.out, c.want);
  }
}

TEST(KernelsA_Reduce, EmptyAxesAndNoop) {
  Tensor noop = run1(OpKind::ReduceSum, {x3(), i64({0}, {})}, {{"noop_with_empty_axes", int64_t{1}}});
  expect_tensor<float>(noop, {2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  expect_tensor<float>(run1(OpKind::ReduceSum, {x3(), i64({0}, {})}), {1, 1, 1}, {66});
  // Reducing an axis of size 0: sum 0, mean NaN, max -inf.
  Tensor empty(DType::Float32, {2, 0});
  expect_tensor<float>(run1(OpKind::ReduceSum, {empty, i64s({1})}), {2, 1}, {0, 0});
  expect_tensor<float>(run1(OpKind::ReduceMean, {empty}, {{"axes", std::vector<int64_t>{1}}}), {2, 1},
                       {std::nanf(""), std::nanf("")});
  expect_tensor<float>(run1(OpKind::ReduceMax, {empty}, {{"axes", std::vector<int64_t>{1}}}), {2, 1},
                       {-std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()});
}

TEST(KernelsA_Reduce, Integers) {
  Tensor x = t<int32_t>({2, 3}, {1, -2, 3, 4, 5, 7});
  expect_tensor<int32_t>(run1(OpKind::ReduceSum, {x, i64s({1})}, {{"keepdims", int64_t{0}}}), {2}, {2, 16});
  expect_tensor<int32_t>(run1(OpKind::ReduceMax, {x}, {{"axes", std::vector<int64_t>{0}}}), {1, 3}, {4, 5, 7});
  expect_tensor<int32_t>(run1(OpKind::ReduceMean, {x}, {{"axes", std::vector<int64_t>{1}}}), {2, 1}, {0, 5});
  expect_tensor<uint8_t>(run1(OpKind::ReduceSum, {t<uint8_t>({2}, {200, 100})}, {{"keepdims", int64_t{0}}}), {}, {44});
}

TEST(KernelsA_Reduce, MaxPropagatesNaN) {
  Tensor x = f32({3}, {1, std::nanf(""), 2});
  EXPECT_TRUE(std::isnan(run1(OpKind::ReduceMax, {x}).data<float>()[0]));
}

TEST(KernelsA_Reduce, Errors) {
  expect_error([] { run1(OpKind::ReduceSum, {x3(), i64s({3})}); }, "out of range");
  expect_error([] { run1(OpKind::ReduceMean, {x3()}, {{"axes", std::vector<int64_t>{1, -2}}}); }, "repeat");
  expect_error([] { run1(OpKind::ReduceSum, {x3(), f32({1}, {1})}); }, "integer tensor");
}

TEST(KernelsA_Softmax, AxesAndStability) {
  // softmax over axis 1 of [2, 3, 2] by hand
  Tensor sm = run1(OpKind::Softmax, {x3()}, {{"axis", int64_t{1}}});
  const double e0 = 1, e2 = std::exp(2.0), e4 = std::exp(4.0), s = e0 + e2 + e4;
  std::vector<float> want;
  for (int b = 0; b < 2; ++b)
    for (double e : {e0, e2, e4}) want.insert(want.end(), {float(e / s), float(e / s)});
  expect_tensor<float>(sm, {2, 3, 2}, want);
  // default axis -1 (opset 13) and log-softmax on huge values stay finite
  Tensor big = f32({1, 3}, {1000, 1001, 1002});
  const double l = std::log(1 + std::exp(-1.0) + std::exp(-2.0));
  expect_tensor<float>(run1(OpKind::LogSoftmax, {big}), {1, 3}, {float(-2 - l), float(-1 - l), float(-l)});
  Tensor p = run1(OpKind::Softmax, {big});
  float sum = 0;
  for (float v : p.values<float>()) sum += v;
  EXPECT_NEAR(sum, 1.0f, 1e-6);
  expect_tensor<float>(run1(OpKind::Softmax, {f32({2}, {-1e30f, 0})}), {2}, {0, 1});
  expect_error([] { run1(OpKind::Softmax, {x3()}, {{"axis", int64_t{3}}}); }, "out of range");
}

TEST(KernelsA_Softmax, ParallelRowsIndependentOfThreads) {
  Tensor x(DType::Float32, {64, 700, 3});
  for (int64_t i = 0; i < x.numel(); ++i) x.data<float>()[i] = std::sin(static_cast<float>(i));
  Tensor par = run1(OpKind::Softmax, {x}, {{"axis", int64_t{1}}});
  ohmic::ThreadLimit one(1);
  Tensor ser = run1(OpKind::Softmax, {x}, {{"axis", int64_t{1}}});
  EXPECT_EQ(0, std::memcmp(ser.raw(), par.raw(), par.nbytes()));
  Tensor sum = run1(OpKind::ReduceSum, {par, i64s({1})}, {{"keepdims", int64_t{0}}});
  for (float v : sum.values<float>()) EXPECT_NEAR(v, 1.0f, 1e-5);
}

}  // namespace

namespace {

// A strided axis is processed in blocks of interleaved lines; check a shape with a partial last block against a
// direct per-line computation.
TEST(KernelsA_Softmax, StridedAxisMatchesPerLineFormula) {
  const int64_t outer = 2, n = 5, inner = 300;
  Tensor x(DType::Float64, {outer, n, inner});
  for (int64_t i = 0; i < x.numel(); ++i) x.data<double>()[i] = std::cos(0.37 * static_cast<double>(i)) * 4;
  Tensor sm = run1(OpKind::Softmax, {x}, {{"axis", int64_t{-2}}});
  Tensor lsm = run1(OpKind::LogSoftmax, {x}, {{"axis", int64_t{1}}});
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      double s = 0;
      for (int64_t j = 0; j < n; ++j) s += std::exp(x.data<double>()[(o * n + j) * inner + i]);
      for (int64_t j = 0; j < n; ++j) {
        const int64_t k = (o * n + j) * inner + i;
        ASSERT_NEAR(sm.data<double>()[k], std::exp(x.data<double>()[k]) / s, 1e-12);
        ASSERT_NEAR(lsm.data<double>()[k], x.data<double>()[k] - std::log(s), 1e-12);
      }
    }
}

}  // namespace
