// Misc kernels: Shape, ConstantOfShape, Range, Cast (saturation, NaN, bool, float16/bfloat16), Pad modes,
// Identity, Dropout.
#include <limits>

#include "ohmic/exec/kernels/elementwise_cast.h"
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

TEST(KernelsA_Misc, Shape) {
  Tensor x(DType::Float32, {2, 3, 4});
  expect_tensor<int64_t>(run1(OpKind::Shape, {x}), {3}, {2, 3, 4});
  expect_tensor<int64_t>(run1(OpKind::Shape, {x}, {{"start", int64_t{1}}}), {2}, {3, 4});
  expect_tensor<int64_t>(run1(OpKind::Shape, {x}, {{"end", int64_t{-1}}}), {2}, {2, 3});
  expect_tensor<int64_t>(run1(OpKind::Shape, {x}, {{"start", int64_t{-10}}, {"end", int64_t{10}}}), {3}, {2, 3, 4});
  expect_tensor<int64_t>(run1(OpKind::Shape, {x}, {{"start", int64_t{2}}, {"end", int64_t{1}}}), {0}, {});
  expect_tensor<int64_t>(run1(OpKind::Shape, {f32({}, {1})}), {0}, {});
}

TEST(KernelsA_Misc, ConstantOfShape) {
  expect_tensor<float>(run1(OpKind::ConstantOfShape, {i64s({2, 1})}), {2, 1}, {0, 0});
  expect_tensor<int32_t>(run1(OpKind::ConstantOfShape, {i64s({3})}, {{"value", t<int32_t>({1}, {7})}}), {3}, {7, 7, 7});
  expect_tensor<bool>(run1(OpKind::ConstantOfShape, {i64({0}, {})}, {{"value", t<bool>({1}, {true})}}), {}, {true});
  EXPECT_EQ(run1(OpKind::ConstantOfShape, {i64s({2, 0})}).numel(), 0);
  expect_error([] { run1(OpKind::ConstantOfShape, {i64s({-1})}); }, "negative");
}

TEST(KernelsA_Misc, Range) {
  expect_tensor<int32_t>(run1(OpKind::Range, {t<int32_t>({}, {10}), t<int32_t>({}, {4}), t<int32_t>({}, {-3})}), {2},
                         {10, 7});
  expect_tensor<float>(run1(OpKind::Range, {f32({}, {1}), f32({}, {2}), f32({}, {0.25f})}), {4}, {1, 1.25f, 1.5f, 1.75f});
  expect_tensor<int64_t>(run1(OpKind::Range, {i64({}, {5}), i64({}, {1}), i64({}, {1})}), {0}, {});
  expect_error([] { run1(OpKind::Range, {i64({}, {0}), i64({}, {1}), i64({}, {0})}); }, "delta is 0");
  expect_error([] { run1(OpKind::Range, {i64({}, {0}), f32({}, {1}), i64({}, {1})}); }, "same element type");
}

TEST(KernelsA_Misc, CastNumeric) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  Tensor x = f32({7}, {-1.9f, 2.7f, 300, -300, nan, inf, -inf});
  auto to = [](DType d) { return Attrs{{"to", static_cast<int64_t>(d)}}; };
  expect_tensor<int8_t>(run1(OpKind::Cast, {x}, to(DType::Int8)), {7}, {-1, 2, 127, -128, 0, 127, -128});
  expect_tensor<uint8_t>(run1(OpKind::Cast, {x}, to(DType::UInt8)), {7}, {0, 2, 255, 0, 0, 255, 0});
  expect_tensor<int64_t>(run1(OpKind::Cast, {x}, to(DType::Int64)), {7},
                         {-1, 2, 300, -300, 0, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()});
  expect_tensor<bool>(run1(OpKind::Cast, {x}, to(DType::Bool)), {7}, {true, true, true, true, true, true, true});
  expect_tensor<float>(run1(OpKind::Cast, {t<bool>({2}, {true, false})}, to(DType::Float32)), {2}, {1, 0});
  expect_tensor<uint8_t>(run1(OpKind::Cast, {t<int32_t>({2}, {257, -1})}, to(DType::UInt8)), {2}, {1, 255});
  expect_tensor<double>(run1(OpKind::Cast, {t<int64_t>({1}, {1} )}, to(DType::Float64)), {1}, {1.0});
  expect_error([&] { run1(OpKind::Cast, {x}, to(DType::String)); }, "cannot cast");
  expect_error([&] { run1(OpKind::Cast, {x}); }, "'to' is required");
}

TEST(KernelsA_Misc, HalfAndBFloat16Conversions) {
  using namespace ohmic::exec;
  struct Case {
    float f;
    uint16_t half;
  };
  const std::vector<Case> cases = {{0.0f, 0x0000}, {-0.0f, 0x8000}, {1.0f, 0x3c00}, {-2.0f, 0xc000},
                                   {65504.0f, 0x7bff}, {65520.0f, 0x7c00}, {1e-8f, 0x0000}, {5.960464477539063e-08f, 0x0001},
                                   {0.333333343f, 0x3555}, {1.0009765625f, 0x3c01},
                                   {1.00048828125f, 0x3c00} /* tie rounds to even */};
  for (const auto& c : cases) {
    EXPECT_EQ(float_to_half(c.f), c.half) << c.f;
    if (c.half != 0x7c00 && c.f != 1e-8f && c.f != 1.00048828125f && c.f != 0.333333343f) {
      EXPECT_EQ(half_to_float(c.half), c.f);
    }
  }
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::nanf("")))));
  EXPECT_EQ(float_to_bfloat16(1.0f), 0x3f80);
  EXPECT_EQ(bfloat16_to_float(0x3f80), 1.0f);
  EXPECT_EQ(float_to_bfloat16(1.00390625f), 0x3f80);  // tie rounds to even
  EXPECT_TRUE(std::isnan(bfloat16_to_float(float_to_bfloat16(std::nanf("")))));
  // through the kernel: float -> f16 -> float
  Tensor h = run1(OpKind::Cast, {f32({2}, {1.5f, 0.1f})}, {{"to", static_cast<int64_t>(DType::Float16)}});
  EXPECT_EQ(h.dtype(), DType::Float16);
  expect_tensor<float>(run1(OpKind::Cast, {h}, {{"to", static_cast<int64_t>(DType::Float32)}}), {2},
                       {1.5f, 0.0999755859375f}, 0);
}

TEST(KernelsA_Misc, PadModes) {
  Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
  expect_tensor<float>(run1(OpKind::Pad, {x, i64s({0, 1, 0, 2}), f32({}, {9})}), {2, 6},
                       {9, 1, 2, 3, 9, 9, 9, 4, 5, 6, 9, 9});
  expect_tensor<float>(run1(OpKind::Pad, {x, i64s({1, 0, 0, 0})}), {3, 3}, {0, 0, 0, 1, 2, 3, 4, 5, 6});
  expect_tensor<float>(run1(OpKind::Pad, {x, i64s({0, 2, 0, 2})}, {{"mode", std::string("reflect")}}), {2, 7},
                       {3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4});
  expect_tensor<float>(run1(OpKind::Pad, {x, i64s({1, 1, 0, 1})}, {{"mode", std::string("edge")}}), {3, 5},
                       {1, 1, 2, 3, 3, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6});
  // negative pads crop
  expect_tensor<float>(run1(OpKind::Pad, {x, i64s({0, -1, -1, 1})}), {1, 3}, {2, 3, 0});
  // opset 2 attributes, int type, axes input (opset 18)
  expect_tensor<int32_t>(run1(OpKind::Pad, {t<int32_t>({2}, {1, 2})}, {{"pads", std::vector<int64_t>{1, 1}}, {"value", 7.0f}}),
                         {4}, {7, 1, 2, 7});
  expect_tensor<float>(run1(OpKind::Pad, {x, i64s({1, 0}), std::nullopt, i64s({-1})}), {2, 4}, {0, 1, 2, 3, 0, 4, 5, 6});
  expect_tensor<bool>(run1(OpKind::Pad, {t<bool>({1}, {true}), i64s({1, 0})}), {2}, {false, true});
  expect_error([&] { run1(OpKind::Pad, {x, i64s({0, 1})}); }, "pads has 2 values");
  expect_error([&] { run1(OpKind::Pad, {x, i64s({0, -4, 0, 0})}); }, "below zero");
  // Huge pads are refused by the tensor size limit before any table is built; an empty result needs no tables.
  expect_error([&] { run1(OpKind::Pad, {x, i64s({0, int64_t{1} << 40, 0, 0})}); }, "bytes");
  EXPECT_EQ(run1(OpKind::Pad, {Tensor(DType::Float32, {0, 2}), i64s({0, int64_t{1} << 40, 0, 0})}).numel(), 0);
  expect_error([&] { run1(OpKind::Pad, {x, i64s({0, std::numeric_limits<int64_t>::max(), 0, 5})}); }, "overflow");
  expect_error([&] { run1(OpKind::Pad, {x, i64s({0, 1, 0, 1})}, {{"mode", std::string("mirror")}}); }, "unknown mode");
}

TEST(KernelsA_Misc, IdentityAndDropout) {
  Tensor x = f32({2}, {1, 2});
  expect_tensor<float>(run1(OpKind::Identity, {x}), {2}, {1, 2});
  auto outs = run_op(OpKind::Dropout, {x, f32({}, {0.5f})}, {}, 2);
  expect_tensor<float>(outs[0], {2}, {1, 2});
  expect_tensor<bool>(outs[1], {2}, {true, true});
  outs = run_op(OpKind::Dropout, {x, f32({}, {0.0f}), t<bool>({}, {true})}, {}, 2);  // training with ratio 0
  expect_tensor<float>(outs[0], {2}, {1, 2});
  expect_error([&] { run_op(OpKind::Dropout, {x, f32({}, {0.5f}), t<bool>({}, {true})}, {}, 1); }, "training-mode");
}

}  // namespace
