// MaxPool, AveragePool, global pools, BatchNormalization, LayerNormalization, QuantizeLinear, DequantizeLinear.
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {
Tensor iota_f(Dims d) {
  Tensor t(DType::Float32, std::move(d));
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i + 1);
  return t;
}
using V = std::vector<double>;
using I = std::vector<int64_t>;
}  // namespace

TEST(MaxPoolKernel, ValuesAndIndicesInBothStorageOrders) {
  Tensor x = iota_f({1, 1, 4, 4});
  const Attrs k2s2{{"kernel_shape", std::vector<int64_t>{2, 2}}, {"strides", std::vector<int64_t>{2, 2}}};
  auto out = run_op(OpKind::MaxPool, {x}, k2s2, 2);
  EXPECT_EQ(out[0].to_doubles(), (V{6, 8, 14, 16}));
  EXPECT_EQ(out[1].dtype(), DType::Int64);
  EXPECT_EQ(out[1].to_int64s(), (I{5, 7, 13, 15}));
  Attrs col = k2s2;
  col["storage_order"] = int64_t{1};
  EXPECT_EQ(run_op(OpKind::MaxPool, {x}, col, 2)[1].to_int64s(), (I{5, 13, 7, 15}));
}

TEST(MaxPoolKernel, CeilModeDilationsAndPads) {
  Tensor x = iota_f({1, 1, 5, 5});
  Attrs a{{"kernel_shape", std::vector<int64_t>{2, 2}}, {"strides", std::vector<int64_t>{2, 2}}};
  EXPECT_EQ(run1(OpKind::MaxPool, {x}, a).dims(), (Dims{1, 1, 2, 2}));
  a["ceil_mode"] = int64_t{1};
  Tensor c = run1(OpKind::MaxPool, {x}, a);
  EXPECT_EQ(c.dims(), (Dims{1, 1, 3, 3}));
  EXPECT_EQ(c.to_doubles(), (V{7, 9, 10, 17, 19, 20, 22, 24, 25}));
  Tensor r = Tensor::from<float>({1, 1, 5}, {1, 5, 2, 4, 3});
  EXPECT_EQ(run1(OpKind::MaxPool, {r}, {{"kernel_shape", std::vector<int64_t>{2}}, {"dilations", std::vector<int64_t>{2}}}).to_doubles(),
            (V{2, 5, 3}));
  // Padding never wins, even against negative values.
  Tensor neg = Tensor::from<float>({1, 1, 2}, {-3, -4});
  EXPECT_EQ(run1(OpKind::MaxPool, {neg}, {{"kernel_shape", std::vector<int64_t>{2}}, {"pads", std::vector<int64_t>{1, 1}}}).to_doubles(),
            (V{-3, -3, -4}));
  Tensor q = Tensor::from<int8_t>({1, 1, 3}, {-5, 7, -128});
  EXPECT_EQ(run1(OpKind::MaxPool, {q}, {{"kernel_shape", std::vector<int64_t>{2}}}).to_int64s(), (I{7, 7}));
}

TEST(AveragePoolKernel, CountIncludePadAndSamePadding) {
  Tensor x = iota_f({1, 1, 3, 3});
  Attrs a{{"kernel_shape", std::vector<int64_t>{3, 3}}, {"pads", std::vector<int64_t>{1, 1, 1, 1}}};
  Tensor ex = run1(OpKind::AveragePool, {x}, a);
  EXPECT_EQ(ex.dims(), (Dims{1, 1, 3, 3}));
  EXPECT_NEAR(ex.to_doubles()[0], 12.0 / 4, 1e-6);
  EXPECT_NEAR(ex.to_doubles()[4], 5.0, 1e-6);
  a["count_include_pad"] = int64_t{1};
  EXPECT_NEAR(run1(OpKind::AveragePool, {x}, a).to_doubles()[0], 12.0 / 9, 1e-6);
  Tensor s = run1(OpKind::AveragePool, {x}, {{"kernel_shape", std::vector<int64_t>{2, 2}}, {"auto_pad", std::string("SAME_UPPER")}});
  EXPECT_EQ(s.dims(), (Dims{1, 1, 3, 3}));
  EXPECT_EQ(s.to_doubles(), (V{3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9}));
}

TEST(PoolKernels, GlobalPoolsAndErrors) {
  Tensor x = Tensor::from<float>({1, 2, 2, 2}, {1, 2, 3, 6, -1, -2, -3, -4});
  Tensor avg = run1(OpKind::GlobalAveragePool, {x});
  EXPECT_EQ(avg.dims(), (Dims{1, 2, 1, 1}));
  EXPECT_EQ(avg.to_doubles(), (V{3, -2.5}));
  EXPECT_EQ(run1(OpKind::GlobalMaxPool, {x}).to_doubles(), (V{6, -1}));
  expect_error([&] { run1(OpKind::MaxPool, {x}); }, "kernel_shape");
  expect_error([&] { run1(OpKind::MaxPool, {x}, {{"kernel_shape", std::vector<int64_t>{3, 3}}}); }, "does not fit");
  expect_error([&] { run1(OpKind::AveragePool, {Tensor(DType::Int32, {1, 1, 4, 4})}, {{"kernel_shape", std::vector<int64_t>{2, 2}}}); },
               "not supported");
}

TEST(BatchNormKernel, InferenceFormulaAndTrainingIsRejected) {
  Tensor x = Tensor::from<float>({1, 2, 1, 2}, {1, 2, 3, 4});
  auto p = [](float a, float b) { return Tensor::from<float>({2}, {a, b}); };
  Tensor y = run1(OpKind::BatchNormalization, {x, p(1, 2), p(0, 1), p(1, 3), p(4, 1)}, {{"epsilon", 0.0f}});
  EXPECT_EQ(y.to_doubles(), (V{0, 0.5, 1, 3}));
  expect_error([&] { run1(OpKind::BatchNormalization, {x, p(1, 2), p(0, 1), p(1, 3), p(4, 1)}, {{"training_mode", int64_t{1}}}); },
               "training_mode");
  expect_error([&] { run_op(OpKind::BatchNormalization, {x, p(1, 2), p(0, 1), p(1, 3), p(4, 1)}, {}, 3); }, "inference only");
  expect_error([&] { run1(OpKind::BatchNormalization, {x, Tensor(DType::Float32, {3}), p(0, 1), p(1, 3), p(4, 1)}); }, "scale");
}

TEST(LayerNormKernel, OutputsMeanAndInvStdDev) {
  Tensor x = Tensor::from<float>({2, 2}, {1, 3, 2, 2});
  auto out = run_op(OpKind::LayerNormalization, {x, Tensor::from<float>({2}, {2, 3}), Tensor::from<float>({2}, {1, 1})}, {}, 3);
  const double inv = 1 / std::sqrt(1 + 1e-5);
  V y = out[0].to_doubles();
  EXPECT_NEAR(y[0], -2 * inv + 1, 1e-6);
  EXPECT_NEAR(y[1], 3 * inv + 1, 1e-6);
  EXPECT_NEAR(y[2], 1, 1e-6);
  EXPECT_NEAR(y[3], 1, 1e-6);
  EXPECT_EQ(out[1].dims(), (Dims{2, 1}));
  EXPECT_EQ(out[1].to_doubles(), (V{2, 2}));
  EXPECT_NEAR(out[2].to_doubles()[0], inv, 1e-6);
  // axis 0 normalizes everything; scale broadcasts from [2].
  Tensor all = run1(OpKind::LayerNormalization, {x, Tensor::from<float>({2}, {1, 1})}, {{"axis", int64_t{0}}, {"epsilon", 0.0f}});
  // mean 2, var 0.5 -> [-1.414, 1.414, 0, 0]
  EXPECT_NEAR(all.to_doubles()[0], -std::sqrt(2.0), 1e-6);
  expect_error([&] { run1(OpKind::LayerNormalization, {x, Tensor(DType::Float32, {3})}); }, "broadcast");
  expect_error([&] { run1(OpKind::LayerNormalization, {x, Tensor(DType::Float32, {2})}, {{"axis", int64_t{2}}}); }, "axis");
}

TEST(QuantizeKernel, RoundsHalfToEvenAndSaturates) {
  Tensor x = Tensor::from<float>({6}, {0.5f, 1.5f, 2.5f, -2.5f, 300.f, -300.f});
  Tensor u = run1(OpKind::QuantizeLinear, {x, Tensor::scalar<float>(1.f)});
  EXPECT_EQ(u.dtype(), DType::UInt8);
  EXPECT_EQ(u.to_int64s(), (I{0, 2, 2, 0, 255, 0}));
  Tensor s = run1(OpKind::QuantizeLinear, {x, Tensor::scalar<float>(1.f), Tensor::scalar<int8_t>(0)});
  EXPECT_EQ(s.to_int64s(), (I{0, 2, 2, -2, 127, -128}));
  Tensor z = run1(OpKind::QuantizeLinear, {x, Tensor::scalar<float>(0.5f), Tensor::scalar<uint8_t>(128)});
  EXPECT_EQ(z.to_int64s(), (I{129, 131, 133, 123, 255, 0}));
}

TEST(QuantizeKernel, PerAxis) {
  Tensor x = Tensor::from<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor y = run1(OpKind::QuantizeLinear, {x, Tensor::from<float>({2}, {1, 2}), Tensor::from<uint8_t>({2}, {0, 10})},
                  {{"axis", int64_t{0}}});
  EXPECT_EQ(y.to_int64s(), (I{1, 2, 3, 12, 12, 13}));
  Tensor y1 = run1(OpKind::QuantizeLinear, {x, Tensor::from<float>({3}, {1, 2, 4}), Tensor::from<int8_t>({3}, {0, 0, -1})});
  EXPECT_EQ(y1.to_int64s(), (I{1, 1, 0, 4, 2, 1}));
  expect_error([&] { run1(OpKind::QuantizeLinear, {x, Tensor::from<float>({4}, {1, 1, 1, 1})}); }, "per-axis");
  expect_error([&] { run1(OpKind::QuantizeLinear, {x, Tensor::scalar<float>(0.f)}); }, "positive");
}

TEST(DequantizeKernel, PerTensorPerAxisAndInt32) {
  Tensor x = Tensor::from<int8_t>({3}, {-128, 0, 127});
  EXPECT_EQ(run1(OpKind::DequantizeLinear, {x, Tensor::scalar<float>(0.5f), Tensor::scalar<int8_t>(-1)}).to_doubles(),
            (V{-63.5, 0.5, 64}));
  Tensor u = Tensor::from<uint8_t>({2, 2}, {0, 255, 10, 20});
  EXPECT_EQ(run1(OpKind::DequantizeLinear, {u, Tensor::from<float>({2}, {1, 0.25f}), Tensor::from<uint8_t>({2}, {0, 20})})
                .to_doubles(),
            (V{0, 58.75, 10, 0}));
  Tensor i = Tensor::from<int32_t>({2}, {-1000, 7});
  EXPECT_EQ(run1(OpKind::DequantizeLinear, {i, Tensor::scalar<float>(0.5f)}).to_doubles(), (V{-500, 3.5}));
  expect_error([&] { run1(OpKind::DequantizeLinear, {i, Tensor::scalar<float>(0.5f), Tensor::scalar<int32_t>(3)}); },
               "zero point");
  expect_error([&] { run1(OpKind::DequantizeLinear, {x, Tensor::scalar<float>(0.5f), Tensor::scalar<uint8_t>(3)}); },
               "x_zero_point");
}

TEST(MaxPoolKernel, RowPassAndArgmaxPathsAgreeOnRandomGeometry) {
  // Without the Indices output MaxPool runs a row-by-row pass; with it, a per-window argmax loop. Two independent
  // loops over the same geometry must give the same values.
  std::mt19937 rng(17);
  std::uniform_int_distribution<int> u(0, 1 << 20);
  for (int t = 0; t < 40; ++t) {
    const int n = 1 + u(rng) % 3;
    Dims x{2, 3};
    std::vector<int64_t> k, s, d, pads(2 * static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      k.push_back(1 + u(rng) % 3);
      s.push_back(1 + u(rng) % 3);
      d.push_back(1 + u(rng) % 2);
      x.push_back(d.back() * (k.back() - 1) + 1 + u(rng) % 6);
      pads[static_cast<size_t>(i)] = u(rng) % k.back();
      pads[static_cast<size_t>(i) + static_cast<size_t>(n)] = u(rng) % k.back();
    }
    Attrs a{{"kernel_shape", k}, {"strides", s}, {"dilations", d}, {"pads", pads}, {"ceil_mode", int64_t{u(rng) % 2}}};
    Tensor in = random_tensor<float>(rng, x);
    SCOPED_TRACE("x " + ohmic::graph::dims_str(x) + " k " + ohmic::graph::dims_str(k));
    Tensor fast = run1(OpKind::MaxPool, {in}, a);
    Tensor with_idx = run_op(OpKind::MaxPool, {in}, a, 2)[0];
    EXPECT_EQ(fast.dims(), with_idx.dims());
    EXPECT_EQ(fast.to_doubles(), with_idx.to_doubles());
  }
}
