#include <gtest/gtest.h>

#include "ohmic/core/error.h"
#include "ohmic/graph/tensor.h"

using namespace ohmic::graph;

TEST(Tensor, FromValuesAndReshape) {
  Tensor t = Tensor::from<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(t.numel(), 6);
  EXPECT_EQ(t.dtype(), DType::Float32);
  Tensor r = t.reshaped({3, 2});
  EXPECT_EQ(r.data<float>(), t.data<float>());  // shares the buffer
  EXPECT_THROW(t.reshaped({4, 2}), ohmic::Error);
  EXPECT_THROW(t.data<int32_t>(), ohmic::Error);
}

TEST(Tensor, AlignedAndZeroed) {
  Tensor t(DType::Int8, {3, 5});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.raw()) % 64, 0u);
  for (int8_t v : t.values<int8_t>()) EXPECT_EQ(v, 0);
}

TEST(Tensor, HugeShapeRejectedBeforeAllocation) {
  EXPECT_THROW(Tensor(DType::Float32, {1 << 20, 1 << 20, 1 << 20}), ohmic::Error);  // overflow of 64 bits
  uint64_t old = max_tensor_bytes();
  set_max_tensor_bytes(1000);
  EXPECT_THROW(Tensor(DType::Float32, {1000}), ohmic::Error);
  EXPECT_NO_THROW(Tensor(DType::Float32, {250}));
  set_max_tensor_bytes(old);
  EXPECT_THROW(Tensor(DType::Float32, {-1, 3}), ohmic::Error);
}

TEST(Tensor, ConversionToNumbers) {
  Tensor t = Tensor::from<int64_t>({3}, {-1, 0, 7});
  EXPECT_EQ(t.to_doubles(), (std::vector<double>{-1, 0, 7}));
  EXPECT_EQ(t.clone().to_int64s(), (std::vector<int64_t>{-1, 0, 7}));
}
