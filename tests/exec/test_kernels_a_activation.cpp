// Activation kernels: values against hand-computed formulas, numerical stability, Clip across opsets and types.
#include <limits>

#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(KernelsA_Activation, PointwiseTable) {
  struct Case {
    const char* name;
    OpKind op;
    Attrs attrs;
    std::vector<float> in, out;
  };
  auto sig = [](double x) { return static_cast<float>(1 / (1 + std::exp(-x))); };
  const std::vector<Case> cases = {
      {"relu", OpKind::Relu, {}, {-1, 0, 2.5f}, {0, 0, 2.5f}},
      {"leaky default", OpKind::LeakyRelu, {}, {-10, 3}, {-0.1f, 3}},
      {"leaky alpha", OpKind::LeakyRelu, {{"alpha", 0.5f}}, {-4, 4}, {-2, 4}},
      {"sigmoid", OpKind::Sigmoid, {}, {-2, 0, 3}, {sig(-2), 0.5f, sig(3)}},
      {"sigmoid extremes", OpKind::Sigmoid, {}, {-1000, 1000, -kInf, kInf}, {0, 1, 0, 1}},
      {"hardsigmoid default", OpKind::HardSigmoid, {}, {-5, 0, 1, 5}, {0, 0.5f, 0.7f, 1}},
      {"hardsigmoid attrs", OpKind::HardSigmoid, {{"alpha", 0.5f}, {"beta", 0.6f}}, {-1, 0, 1}, {0.1f, 0.6f, 1}},
      {"hardswish", OpKind::HardSwish, {}, {-4, -1, 0, 1, 4}, {0, -1 * (2.0f / 6), 0, 1 * (4.0f / 6), 4}},
      {"tanh", OpKind::Tanh, {}, {-1, 0, 20}, {std::tanh(-1.0f), 0, 1}},
      {"erf", OpKind::Erf, {}, {-1, 0, 0.5f}, {std::erf(-1.0f), 0, std::erf(0.5f)}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const int64_t n = static_cast<int64_t>(c.in.size());
    expect_tensor<float>(run1(c.op, {Tensor::from<float>({n}, std::span<const float>(c.in))}, c.attrs), {n}, c.out);
    // float64 gives the same values within float rounding
    std::vector<double> in_d(c.in.begin(), c.in.end()), out_d(c.out.begin(), c.out.end());
    expect_tensor<double>(run1(c.op, {Tensor::from<double>({n}, std::span<const double>(in_d))}, c.attrs), {n}, out_d,
                          1e-6);
  }
}

TEST(KernelsA_Activation, ReluOnIntegersAndNaN) {
  expect_tensor<int32_t>(run1(OpKind::Relu, {t<int32_t>({3}, {-3, 0, 4})}), {3}, {0, 0, 4});
  expect_tensor<int8_t>(run1(OpKind::Relu, {t<int8_t>({2}, {-128, 127})}), {2}, {0, 127});
  Tensor nan = run1(OpKind::Relu, {f32({1}, {std::numeric_limits<float>::quiet_NaN()})});
  EXPECT_TRUE(std::isnan(nan.data<float>()[0]));
  expect_error([] { run1(OpKind::Sigmoid, {t<int32_t>({1}, {1})}); }, "not supported");
}

TEST(KernelsA_Activation, ClipBoundsAsInputsOrAttributes) {
  Tensor x = f32({5}, {-3, -1, 0, 1, 3});
  expect_tensor<float>(run1(OpKind::Clip, {x, f32({}, {-1}), f32({}, {2})}), {5}, {-1, -1, 0, 1, 2});
  expect_tensor<float>(run1(OpKind::Clip, {x, std::nullopt, f32({}, {0})}), {5}, {-3, -1, 0, 0, 0});
  expect_tensor<float>(run1(OpKind::Clip, {x, f32({1}, {0})}), {5}, {0, 0, 0, 1, 3});
  expect_tensor<float>(run1(OpKind::Clip, {x}), {5}, {-3, -1, 0, 1, 3});
  // Opset 6: bounds as attributes.
  expect_tensor<float>(run1(OpKind::Clip, {x}, {{"min", -0.5f}, {"max", 0.5f}}), {5}, {-0.5f, -0.5f, 0, 0.5f, 0.5f});
  // min > max: every value becomes max (ONNX spec).
  expect_tensor<float>(run1(OpKind::Clip, {x, f32({}, {2}), f32({}, {1})}), {5}, {1, 1, 1, 1, 1});
  expect_tensor<int8_t>(run1(OpKind::Clip, {t<int8_t>({3}, {-100, 5, 100}), t<int8_t>({}, {-10}), t<int8_t>({}, {10})}),
                        {3}, {-10, 5, 10});
  expect_tensor<uint8_t>(run1(OpKind::Clip, {t<uint8_t>({2}, {0, 255}), std::nullopt, t<uint8_t>({}, {200})}), {2},
                         {0, 200});
  expect_error([] { run1(OpKind::Clip, {f32({1}, {1}), i64({}, {0})}); }, "element type");
  expect_error([] { run1(OpKind::Clip, {f32({1}, {1}), f32({2}, {0, 1})}); }, "must be a scalar");
}

}  // namespace
