// Element-wise kernels: broadcasting, integer semantics, mixed-type Pow, Equal/Where, unary math, errors.
#include <limits>

#include "ohmic/core/parallel.h"
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

struct BroadcastCase {
  const char* name;
  Tensor a, b;
  Dims out;
  std::vector<float> sum;
};

TEST(KernelsA_Elementwise, AddBroadcastTable) {
  const std::vector<BroadcastCase> cases = {
      {"same shape", f32({2, 2}, {1, 2, 3, 4}), f32({2, 2}, {10, 20, 30, 40}), {2, 2}, {11, 22, 33, 44}},
      {"row vector", f32({2, 3}, {1, 2, 3, 4, 5, 6}), f32({3}, {10, 20, 30}), {2, 3}, {11, 22, 33, 14, 25, 36}},
      {"column x row", f32({2, 1}, {1, 2}), f32({1, 3}, {10, 20, 30}), {2, 3}, {11, 21, 31, 12, 22, 32}},
      {"scalar left", f32({}, {5}), f32({3}, {1, 2, 3}), {3}, {6, 7, 8}},
      {"rank 0 both", f32({}, {5}), f32({}, {2}), {}, {7}},
      {"middle broadcast", f32({2, 1, 2}, {1, 2, 3, 4}), f32({3, 1}, {10, 20, 30}), {2, 3, 2},
       {11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34}},
      {"empty", f32({0, 3}, {}), f32({1, 3}, {1, 2, 3}), {0, 3}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    expect_tensor<float>(run1(OpKind::Add, {c.a, c.b}), c.out, c.sum);
    expect_tensor<float>(run1(OpKind::Add, {c.b, c.a}), c.out, c.sum);  // broadcasting is symmetric
  }
}

TEST(KernelsA_Elementwise, SubMulDivFloat) {
  Tensor a = f32({2, 2}, {1, -2, 3, 4});
  Tensor b = f32({2}, {2, -4});
  expect_tensor<float>(run1(OpKind::Sub, {a, b}), {2, 2}, {-1, 2, 1, 8});
  expect_tensor<float>(run1(OpKind::Mul, {a, b}), {2, 2}, {2, 8, 6, -16});
  expect_tensor<float>(run1(OpKind::Div, {a, b}), {2, 2}, {0.5f, 0.5f, 1.5f, -1});
  Tensor z = run1(OpKind::Div, {f32({2}, {1, 0}), f32({2}, {0, 0})});
  EXPECT_TRUE(std::isinf(z.data<float>()[0]));
  EXPECT_TRUE(std::isnan(z.data<float>()[1]));
  expect_tensor<double>(run1(OpKind::Add, {t<double>({1}, {0.1}), t<double>({1}, {0.2})}), {1}, {0.1 + 0.2}, 0);
}

TEST(KernelsA_Elementwise, IntegerSemantics) {
  // Div truncates toward zero like C; INT_MIN / -1 wraps instead of trapping.
  constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
  expect_tensor<int32_t>(run1(OpKind::Div, {t<int32_t>({4}, {-7, 7, -7, kMin}), t<int32_t>({4}, {2, -2, -2, -1})}), {4},
                         {-3, -3, 3, kMin});
  expect_tensor<uint8_t>(run1(OpKind::Div, {t<uint8_t>({2}, {200, 7}), t<uint8_t>({1}, {3})}), {2}, {66, 2});
  // Add / Sub / Mul wrap in two's complement.
  expect_tensor<int8_t>(run1(OpKind::Add, {t<int8_t>({2}, {127, -128}), t<int8_t>({2}, {1, -1})}), {2}, {-128, 127});
  expect_tensor<uint8_t>(run1(OpKind::Sub, {t<uint8_t>({1}, {0}), t<uint8_t>({1}, {1})}), {1}, {255});
  expect_tensor<uint16_t>(run1(OpKind::Mul, {t<uint16_t>({1}, {65535}), t<uint16_t>({1}, {65535})}), {1}, {1});
  expect_tensor<int64_t>(run1(OpKind::Mul, {i64({2}, {3, -4}), i64({}, {5})}), {2}, {15, -20});
  expect_error([] { run1(OpKind::Div, {t<int32_t>({2}, {1, 2}), t<int32_t>({2}, {1, 0})}); }, "division by zero");
}

TEST(KernelsA_Elementwise, PowMixedTypes) {
  expect_tensor<float>(run1(OpKind::Pow, {f32({3}, {2, 3, 4}), f32({}, {2})}), {3}, {4, 9, 16});
  expect_tensor<float>(run1(OpKind::Pow, {f32({3}, {2, 3, 4}), i64({3}, {1, 2, 3})}), {3}, {2, 9, 64});
  expect_tensor<int32_t>(run1(OpKind::Pow, {t<int32_t>({3}, {2, -3, 5}), t<int32_t>({3}, {10, 3, 0})}), {3},
                         {1024, -27, 1});
  // Integer base, float exponent: output keeps the base type, value truncated (3^0.5 = 1.73 -> 1).
  expect_tensor<int64_t>(run1(OpKind::Pow, {i64({2}, {3, 4}), f32({2}, {0.5f, 1.5f})}), {2}, {1, 8});
  expect_tensor<int64_t>(run1(OpKind::Pow, {i64({3}, {2, 1, -1}), i64({3}, {-1, -5, -3})}), {3}, {0, 1, -1});
  expect_error([] { run1(OpKind::Pow, {i64({1}, {0}), i64({1}, {-1})}); }, "negative power");
}

TEST(KernelsA_Elementwise, EqualAndWhere) {
  expect_tensor<bool>(run1(OpKind::Equal, {i64({2, 2}, {1, 2, 3, 4}), i64({2}, {1, 4})}), {2, 2},
                      {true, false, false, true});
  expect_tensor<bool>(run1(OpKind::Equal, {t<bool>({2}, {true, false}), t<bool>({1}, {false})}), {2}, {false, true});
  Tensor nan = f32({1}, {std::numeric_limits<float>::quiet_NaN()});
  expect_tensor<bool>(run1(OpKind::Equal, {nan, nan}), {1}, {false});
  Tensor cond = t<bool>({2, 1}, {true, false});
  expect_tensor<float>(run1(OpKind::Where, {cond, f32({3}, {1, 2, 3}), f32({}, {-1})}), {2, 3}, {1, 2, 3, -1, -1, -1});
  expect_tensor<bool>(run1(OpKind::Where, {cond, t<bool>({1}, {true}), t<bool>({1}, {false})}), {2, 1}, {true, false});
  expect_tensor<int64_t>(run1(OpKind::Where, {t<bool>({3}, {true, false, true}), i64({3}, {1, 2, 3}), i64({1}, {-7})}), {3},
                         {1, -7, 3});
  expect_tensor<double>(run1(OpKind::Where, {t<bool>({}, {false}), t<double>({2}, {1, 2}), t<double>({2}, {3, 4})}), {2},
                        {3, 4});
  expect_error([] { run1(OpKind::Where, {f32({1}, {1}), f32({1}, {1}), f32({1}, {2})}); }, "must be bool");
}

TEST(KernelsA_Elementwise, UnaryMath) {
  expect_tensor<float>(run1(OpKind::Sqrt, {f32({3}, {0, 4, 2})}), {3}, {0, 2, std::sqrt(2.0f)});
  expect_tensor<float>(run1(OpKind::Exp, {f32({2}, {0, 1})}), {2}, {1, std::exp(1.0f)});
  expect_tensor<double>(run1(OpKind::Log, {t<double>({3}, {1, 0, -1})}), {3},
                        {0, -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()});
  expect_tensor<float>(run1(OpKind::Neg, {f32({2}, {1.5f, -2})}), {2}, {-1.5f, 2});
  expect_tensor<int8_t>(run1(OpKind::Neg, {t<int8_t>({2}, {5, -128})}), {2}, {-5, -128});
  expect_tensor<int32_t>(run1(OpKind::Abs, {t<int32_t>({3}, {-5, 0, 7})}), {3}, {5, 0, 7});
  expect_tensor<uint8_t>(run1(OpKind::Abs, {t<uint8_t>({1}, {200})}), {1}, {200});
  expect_error([] { run1(OpKind::Sqrt, {i64({1}, {4})}); }, "not supported");
}

TEST(KernelsA_Elementwise, Errors) {
  expect_error([] { run1(OpKind::Add, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), f32({2}, {1, 2})}); }, "do not broadcast");
  expect_error([] { run1(OpKind::Mul, {f32({1}, {1}), i64({1}, {1})}); }, "different element types");
  expect_error([] { run1(OpKind::Add, {t<bool>({1}, {true}), t<bool>({1}, {true})}); }, "bool");
}

// Large broadcast ops run in parallel chunks; the result must equal a serial loop and not depend on threads.
TEST(KernelsA_Elementwise, LargeBroadcastMatchesSerialAnyThreadCount) {
  const int64_t rows = 301, cols = 257;
  Tensor a(DType::Float32, {rows, 1, cols});
  Tensor b(DType::Float32, {3, 1});
  for (int64_t i = 0; i < a.numel(); ++i) a.data<float>()[i] = static_cast<float>(i % 97) * 0.25f;
  for (int64_t i = 0; i < 3; ++i) b.data<float>()[i] = static_cast<float>(i) + 0.5f;
  Tensor par = run1(OpKind::Mul, {a, b});
  ASSERT_EQ(par.dims(), (Dims{rows, 3, cols}));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < 3; ++k)
      for (int64_t c = 0; c < cols; ++c)
        ASSERT_EQ(par.data<float>()[(r * 3 + k) * cols + c], a.data<float>()[r * cols + c] * b.data<float>()[k]);
  ohmic::ThreadLimit one(1);
  Tensor ser = run1(OpKind::Mul, {a, b});
  EXPECT_EQ(0, std::memcmp(ser.raw(), par.raw(), par.nbytes()));
}

}  // namespace
