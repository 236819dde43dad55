// The ONNX comparison criterion and its failure messages.
#include <gtest/gtest.h>

#include <cmath>

#include "ohmic/conformance/compare.h"

namespace ohmic::conformance {
namespace {

using graph::Tensor;

TEST(ConformanceCompare, FloatTolerance) {
  Tensor expected = Tensor::from<float>({3}, {1.0f, -2.0f, 1000.0f});
  EXPECT_FALSE(compare_tensors(expected, expected).has_value());
  // 1e-7 + 1e-3 * 1000 = 1.0000001 allowed at the last element.
  EXPECT_FALSE(compare_tensors(Tensor::from<float>({3}, {1.0f, -2.0f, 1000.9f}), expected).has_value());
  auto why = compare_tensors(Tensor::from<float>({3}, {1.0f, -2.0f, 1001.5f}), expected);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("1 of 3 elements differ; first at index 2 [2]: got 1001.5, expected 1000"), std::string::npos)
      << *why;
  EXPECT_NE(why->find("max |error| 1.5 at index 2"), std::string::npos) << *why;
  // Relative tolerance is taken from the expected value, not the computed one.
  EXPECT_TRUE(compare_tensors(Tensor::from<float>({1}, {0.0011f}), Tensor::from<float>({1}, {0.001f})).has_value());
}

TEST(ConformanceCompare, NanAndInfinity) {
  const float nan = std::nanf(""), inf = INFINITY;
  EXPECT_FALSE(compare_tensors(Tensor::from<float>({2}, {nan, inf}), Tensor::from<float>({2}, {nan, inf})).has_value());
  EXPECT_TRUE(compare_tensors(Tensor::from<float>({1}, {nan}), Tensor::from<float>({1}, {0.f})).has_value());
  EXPECT_TRUE(compare_tensors(Tensor::from<float>({1}, {inf}), Tensor::from<float>({1}, {-inf})).has_value());
  EXPECT_TRUE(compare_tensors(Tensor::from<float>({1}, {1e30f}), Tensor::from<float>({1}, {inf})).has_value());
}

TEST(ConformanceCompare, DtypeShapeAndIntegersExact) {
  auto why = compare_tensors(Tensor::from<double>({1}, {1.0}), Tensor::from<float>({1}, {1.0f}));
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "dtype f64, expected f32");
  why = compare_tensors(Tensor::from<float>({2, 1}, {1, 2}), Tensor::from<float>({2}, {1, 2}));
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "shape [2, 1], expected [2]");
  why = compare_tensors(Tensor::from<int64_t>({2, 2}, {1, 2, 3, 5}), Tensor::from<int64_t>({2, 2}, {1, 2, 3, 4}));
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("first at index 3 [1, 1]: got 5, expected 4"), std::string::npos) << *why;
  EXPECT_FALSE(compare_tensors(Tensor::from<bool>({2}, {true, false}), Tensor::from<bool>({2}, {true, false})));
  EXPECT_TRUE(compare_tensors(Tensor::from<bool>({2}, {true, true}), Tensor::from<bool>({2}, {true, false})));
  EXPECT_TRUE(compare_tensors(Tensor::from<uint64_t>({1}, {~uint64_t{0}}), Tensor::from<uint64_t>({1}, {0})));
  // Empty tensors of equal shape match.
  EXPECT_FALSE(compare_tensors(Tensor(graph::DType::Float32, {0, 3}), Tensor(graph::DType::Float32, {0, 3})));
}

TEST(ConformanceCompare, HalfPrecisionBits) {
  Tensor a(graph::DType::Float16, {2}), b(graph::DType::Float16, {2});
  auto* pa = static_cast<uint16_t*>(a.raw());
  auto* pb = static_cast<uint16_t*>(b.raw());
  pa[0] = pb[0] = 0x3c00;  // 1.0
  pa[1] = 0x4000;          // 2.0
  pb[1] = 0x4200;          // 3.0
  auto why = compare_tensors(a, b);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("got 2, expected 3"), std::string::npos) << *why;
}

}  // namespace
}  // namespace ohmic::conformance
