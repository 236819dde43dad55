// Conv, ConvInteger, QLinearConv against hand-checked values and an independent N-D loop reference.
#include <cstring>

#include "ohmic/core/parallel.h"
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

struct ConvCase {
  Dims x, w;
  int64_t group = 1;
  std::vector<int64_t> strides, dilations, pads;  // empty = defaults
};

// Output dims under explicit pads (floor rule).
Dims ref_out_dims(const ConvCase& c) {
  const size_t n = c.x.size() - 2;
  Dims y{c.x[0], c.w[0]};
  for (size_t i = 0; i < n; ++i) {
    int64_t s = c.strides.empty() ? 1 : c.strides[i], d = c.dilations.empty() ? 1 : c.dilations[i];
    int64_t pb = c.pads.empty() ? 0 : c.pads[i], pe = c.pads.empty() ? 0 : c.pads[i + n];
    y.push_back((c.x[i + 2] + pb + pe - (d * (c.w[i + 2] - 1) + 1)) / s + 1);
  }
  return y;
}

// Straightforward N-D convolution in double (or exact int64), one output element at a time.
template <class V>
std::vector<V> ref_conv(const ConvCase& c, const std::vector<V>& x, const std::vector<V>& w, const std::vector<V>& bias) {
  const Dims y = ref_out_dims(c);
  const size_t n = c.x.size() - 2;
  const int64_t C = c.x[1], M = c.w[0], cg = C / c.group, mg = M / c.group;
  int64_t ysz = 1, ksz = 1, isz = 1;
  for (size_t i = 0; i < n; ++i) ysz *= y[i + 2], ksz *= c.w[i + 2], isz *= c.x[i + 2];
  std::vector<V> out(static_cast<size_t>(c.x[0] * M * ysz));
  for (int64_t b = 0; b < c.x[0]; ++b)
    for (int64_t m = 0; m < M; ++m)
      for (int64_t o = 0; o < ysz; ++o) {
        std::vector<int64_t> opos(n);
        for (int64_t r = o, i = static_cast<int64_t>(n) - 1; i >= 0; --i) opos[i] = r % y[i + 2], r /= y[i + 2];
        V acc = bias.empty() ? V(0) : bias[static_cast<size_t>(m)];
        for (int64_t ci = 0; ci < cg; ++ci)
          for (int64_t k = 0; k < ksz; ++k) {
            std::vector<int64_t> kpos(n);
            for (int64_t r = k, i = static_cast<int64_t>(n) - 1; i >= 0; --i) kpos[i] = r % c.w[i + 2], r /= c.w[i + 2];
            int64_t iidx = 0;
            bool inside = true;
            for (size_t i = 0; i < n; ++i) {
              int64_t s = c.strides.empty() ? 1 : c.strides[i], d = c.dilations.empty() ? 1 : c.dilations[i];
              int64_t pb = c.pads.empty() ? 0 : c.pads[i];
              int64_t p = opos[i] * s + kpos[i] * d - pb;
              inside = inside && p >= 0 && p < c.x[i + 2];
              iidx = iidx * c.x[i + 2] + p;
            }
            if (!inside) continue;
            const int64_t ch = (m / mg) * cg + ci;
            acc += x[static_cast<size_t>((b * C + ch) * isz + iidx)] * w[static_cast<size_t>((m * cg + ci) * ksz + k)];
          }
        out[static_cast<size_t>((b * M + m) * ysz + o)] = acc;
      }
  return out;
}

Attrs conv_attrs(const ConvCase& c) {
  Attrs a;
  a["group"] = c.group;
  if (!c.strides.empty()) a["strides"] = c.strides;
  if (!c.dilations.empty()) a["dilations"] = c.dilations;
  if (!c.pads.empty()) a["pads"] = c.pads;
  return a;
}

std::vector<ConvCase> random_cases(std::mt19937& rng, int count) {
  std::vector<ConvCase> cases;
  std::uniform_int_distribution<int> u(0, 1 << 30);
  for (int t = 0; t < count; ++t) {
    ConvCase c;
    const int n = 1 + u(rng) % 3;  // spatial dims
    const int kind = u(rng) % 3;   // 0 plain, 1 grouped, 2 depthwise
    const int64_t group = kind == 0 ? 1 : kind == 1 ? 2 : 3 + u(rng) % 3;
    const int64_t cg = kind == 2 ? 1 : 1 + u(rng) % 3, mg = 1 + u(rng) % 3;
    c.group = group;
    c.x = {1 + u(rng) % 3, group * cg};
    c.w = {group * mg, cg};
    for (int i = 0; i < n; ++i) {
      const int64_t k = 1 + u(rng) % 3, d = 1 + u(rng) % 2, s = 1 + u(rng) % 3;
      c.w.push_back(k);
      c.strides.push_back(s);
      c.dilations.push_back(d);
      c.x.push_back((d * (k - 1) + 1) + u(rng) % (n == 3 ? 4 : 7));
    }
    for (int i = 0; i < 2 * n; ++i) c.pads.push_back(u(rng) % 3);
    cases.push_back(c);
  }
  return cases;
}

}  // namespace

TEST(ConvKernel, HandCheckedSmall) {
  Tensor x = Tensor::from<float>({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  Tensor w = Tensor::from<float>({1, 1, 2, 2}, {1, 1, 1, 1});
  Tensor y = run1(OpKind::Conv, {x, w});
  EXPECT_EQ(y.dims(), (Dims{1, 1, 2, 2}));
  EXPECT_EQ(y.to_doubles(), (std::vector<double>{12, 16, 24, 28}));
  Tensor b = Tensor::from<float>({1}, {0.5f});
  Tensor yb = run1(OpKind::Conv, {x, w, b}, {{"pads", std::vector<int64_t>{1, 1, 0, 0}}, {"strides", std::vector<int64_t>{2, 2}}});
  // Padded on top/left by one: windows at (-1,-1), (-1,1), (1,-1), (1,1).
  EXPECT_EQ(yb.dims(), (Dims{1, 1, 2, 2}));
  EXPECT_EQ(yb.to_doubles(), (std::vector<double>{1.5, 5.5, 11.5, 28.5}));
}

TEST(ConvKernel, RandomShapesMatchLoopReferenceFloat32AndFloat64) {
  std::mt19937 rng(1234);
  for (const ConvCase& c : random_cases(rng, 60)) {
    Tensor x = random_tensor<double>(rng, c.x), w = random_tensor<double>(rng, c.w);
    Tensor b = random_tensor<double>(rng, {c.w[0]});
    const std::vector<double> ref = ref_conv<double>(c, x.to_doubles(), w.to_doubles(), b.to_doubles());
    SCOPED_TRACE("x " + ohmic::graph::dims_str(c.x) + " w " + ohmic::graph::dims_str(c.w) + " group " + std::to_string(c.group));
    Tensor y64 = run1(OpKind::Conv, {x, w, b}, conv_attrs(c));
    EXPECT_EQ(y64.dims(), ref_out_dims(c));
    EXPECT_LT(max_rel_diff(y64, ref), 1e-12);
    auto f32 = [](const Tensor& t) {
      std::vector<double> d = t.to_doubles();
      std::vector<float> f(d.begin(), d.end());
      return Tensor::from<float>(t.dims(), std::span<const float>(f));
    };
    Tensor y32 = run1(OpKind::Conv, {f32(x), f32(w), f32(b)}, conv_attrs(c));
    EXPECT_EQ(y32.dims(), ref_out_dims(c));
    EXPECT_LT(max_rel_diff(y32, ref), 1e-5);
  }
}

TEST(ConvKernel, AutoPadSameUpperLowerAndValid) {
  std::mt19937 rng(7);
  Tensor x = random_tensor<float>(rng, {1, 2, 5, 6});
  Tensor w = random_tensor<float>(rng, {3, 2, 2, 3});
  const Attrs strides{{"strides", std::vector<int64_t>{2, 2}}};
  auto with = [&](const std::string& mode) {
    Attrs a = strides;
    a["auto_pad"] = mode;
    return run1(OpKind::Conv, {x, w}, a);
  };
  // SAME: out = ceil(in / stride) = [3, 3]; total pads: H (3-1)*2+2-5 = 1, W (3-1)*2+3-6 = 1.
  auto explicit_pads = [&](std::vector<int64_t> pads) {
    Attrs a = strides;
    a["pads"] = pads;
    return run1(OpKind::Conv, {x, w}, a);
  };
  Tensor upper = with("SAME_UPPER"), lower = with("SAME_LOWER"), valid = with("VALID");
  EXPECT_EQ(upper.dims(), (Dims{1, 3, 3, 3}));
  EXPECT_EQ(upper.to_doubles(), explicit_pads({0, 0, 1, 1}).to_doubles());
  EXPECT_EQ(lower.to_doubles(), explicit_pads({1, 1, 0, 0}).to_doubles());
  EXPECT_EQ(valid.dims(), (Dims{1, 3, 2, 2}));
  EXPECT_EQ(valid.to_doubles(), explicit_pads({0, 0, 0, 0}).to_doubles());
}

TEST(ConvKernel, RepeatedBatchesReuseCacheAndFollowNewShapes) {
  std::mt19937 rng(3);
  ConvCase c{{2, 4, 7, 7}, {8, 4, 3, 3}, 1, {1, 1}, {1, 1}, {1, 1, 1, 1}};
  Tensor w = random_tensor<float>(rng, c.w);
  ohmic::graph::Graph g;
  // One executor, two batch sizes: the cached primitive must be rebuilt for the new shape.
  int xi = g.add_value({"x", {DType::Float32, std::nullopt}, {}, {}});
  int wi = g.add_value({"w", {DType::Float32, std::nullopt}, {}, w});
  int yi = g.add_value({"y", {DType::Float32, std::nullopt}, {}, {}});
  g.inputs = {xi};
  g.outputs = {yi};
  g.nodes.push_back({OpKind::Conv, "c", {xi, wi}, {yi}, conv_attrs(c)});
  ohmic::exec::Executor ex(std::move(g));
  for (int64_t batch : {2, 2, 5, 2}) {
    c.x[0] = batch;
    Tensor x = random_tensor<float>(rng, c.x);
    Tensor y = ex.run({x}).at(0);
    EXPECT_EQ(y.dims(), ref_out_dims(c));
    EXPECT_LT(max_rel_diff(y, ref_conv<double>(c, x.to_doubles(), w.to_doubles(), {})), 1e-5);
  }
}

TEST(ConvKernel, BadShapesAndAttributesNameTheProblem) {
  Tensor x(DType::Float32, {1, 3, 5, 5});
  expect_error([&] { run1(OpKind::Conv, {x, Tensor(DType::Float32, {2, 2, 3, 3})}); }, "channels");
  expect_error([&] { run1(OpKind::Conv, {x, Tensor(DType::Float32, {2, 3, 3, 3})}, {{"auto_pad", std::string("SAME")}}); },
               "auto_pad");
  expect_error([&] { run1(OpKind::Conv, {x, Tensor(DType::Float32, {2, 3, 7, 7})}); }, "does not fit");
  expect_error([&] { run1(OpKind::Conv, {x, Tensor(DType::Float32, {2, 3, 3, 3})}, {{"strides", std::vector<int64_t>{1}}}); },
               "strides");
  expect_error([&] { run1(OpKind::Conv, {x, Tensor(DType::Float32, {2, 3, 3, 3}), Tensor(DType::Float32, {3})}); }, "bias");
  expect_error([&] { run1(OpKind::Conv, {x, Tensor(DType::Float32, {2, 3, 3, 3})}, {{"kernel_shape", std::vector<int64_t>{2, 2}}}); },
               "kernel_shape");
  expect_error([&] { run1(OpKind::Conv, {Tensor(DType::Int32, {1, 3, 5, 5}), Tensor(DType::Int32, {2, 3, 3, 3})}); },
               "not supported");
}

// ---- integer convolutions

namespace {

template <class T>
std::vector<int64_t> shifted_ref(const Tensor& t, const std::vector<int64_t>& zp, int64_t inner) {
  std::vector<int64_t> v = t.to_int64s();
  for (size_t i = 0; i < v.size(); ++i) v[i] -= zp[(i / static_cast<size_t>(inner)) % zp.size()];
  return v;
}

template <class TX, class TW>
void check_conv_integer(std::mt19937& rng, const ConvCase& c, bool per_channel_wzp) {
  const double xlo = std::is_signed_v<TX> ? -128 : 0, xhi = std::is_signed_v<TX> ? 127 : 255;
  const double wlo = std::is_signed_v<TW> ? -128 : 0, whi = std::is_signed_v<TW> ? 127 : 255;
  Tensor x = random_tensor<TX>(rng, c.x, xlo, xhi), w = random_tensor<TW>(rng, c.w, wlo, whi);
  Tensor xzp = random_tensor<TX>(rng, {}, xlo, xhi);
  Tensor wzp = random_tensor<TW>(rng, per_channel_wzp ? Dims{c.w[0]} : Dims{}, wlo, whi);
  const int64_t taps = ohmic::graph::element_count(c.w) / c.w[0];
  std::vector<int64_t> wz = wzp.to_int64s();
  const std::vector<int64_t> ref = ref_conv<int64_t>(c, shifted_ref<TX>(x, xzp.to_int64s(), x.numel()),
                                                     shifted_ref<TW>(w, wz, taps), {});
  Tensor y = run1(OpKind::ConvInteger, {x, w, xzp, wzp}, conv_attrs(c));
  ASSERT_EQ(y.dtype(), DType::Int32);
  ASSERT_EQ(y.dims(), ref_out_dims(c));
  EXPECT_EQ(y.to_int64s(), ref);
}

}  // namespace

TEST(ConvIntegerKernel, ExactForAllSignednessAndZeroPoints) {
  std::mt19937 rng(99);
  const auto cases = random_cases(rng, 20);
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    check_conv_integer<uint8_t, uint8_t>(rng, cases[i], i % 2 == 0);
    check_conv_integer<uint8_t, int8_t>(rng, cases[i], i % 2 == 1);
    check_conv_integer<int8_t, int8_t>(rng, cases[i], true);
    check_conv_integer<int8_t, uint8_t>(rng, cases[i], false);
  }
}

TEST(ConvIntegerKernel, PaddingActsAsTheZeroPoint) {
  // x = all 3 with zero point 3 -> every window sums to 0 even where it overlaps the padding.
  Tensor x = Tensor::from<uint8_t>({1, 1, 2, 2}, {3, 3, 3, 3});
  Tensor w = Tensor::from<uint8_t>({1, 1, 2, 2}, {1, 2, 3, 4});
  Tensor y = run1(OpKind::ConvInteger, {x, w, Tensor::scalar<uint8_t>(3)}, {{"pads", std::vector<int64_t>{1, 1, 1, 1}}});
  EXPECT_EQ(y.to_int64s(), std::vector<int64_t>(9, 0));
  // Without a zero point: 3 * (sum of the taps that overlap the input).
  Tensor y0 = run1(OpKind::ConvInteger, {x, w}, {{"pads", std::vector<int64_t>{1, 1, 1, 1}}});
  EXPECT_EQ(y0.to_int64s(), (std::vector<int64_t>{12, 21, 9, 18, 30, 12, 6, 9, 3}));
}

TEST(QLinearConvKernel, HandCheckedRequantizationRoundsHalfToEvenAndSaturates) {
  // 1x1 conv, x zero point 0, w = 1, x_scale * w_scale / y_scale = 0.5: acc 1 -> 0.5 -> 0, 3 -> 1.5 -> 2,
  // 5 -> 2.5 -> 2, plus y_zp 10; acc 255 + bias 300 -> 277.5 -> 278 + 10 saturates to 255.
  Tensor x = Tensor::from<uint8_t>({1, 1, 1, 4}, {1, 3, 5, 255});
  Tensor w = Tensor::from<uint8_t>({1, 1, 1, 1}, {1});
  auto f = [](float v) { return Tensor::scalar<float>(v); };
  Tensor y = run1(OpKind::QLinearConv, {x, f(1.0f), Tensor::scalar<uint8_t>(0), w, f(0.5f), Tensor::scalar<uint8_t>(0),
                                        f(1.0f), Tensor::scalar<uint8_t>(10)});
  EXPECT_EQ(y.dtype(), DType::UInt8);
  EXPECT_EQ(y.to_int64s(), (std::vector<int64_t>{10, 12, 12, 138}));
  Tensor b = Tensor::from<int32_t>({1}, {300});
  Tensor yb = run1(OpKind::QLinearConv, {x, f(1.0f), Tensor::scalar<uint8_t>(0), w, f(0.5f), Tensor::scalar<uint8_t>(0),
                                         f(1.0f), Tensor::scalar<uint8_t>(10), b});
  EXPECT_EQ(yb.to_int64s(), (std::vector<int64_t>{160, 162, 162, 255}));
  // int8 output saturates at -128.
  Tensor yn = run1(OpKind::QLinearConv, {x, f(1.0f), Tensor::scalar<uint8_t>(0), w, f(2.0f),
                                         Tensor::scalar<uint8_t>(0), f(1.0f), Tensor::scalar<int8_t>(-100)});
  EXPECT_EQ(yn.to_int64s(), (std::vector<int64_t>{-98, -94, -90, 127}));
}

TEST(QLinearConvKernel, PerChannelWeightsMatchIntegerReference) {
  std::mt19937 rng(5);
  for (const ConvCase& c : random_cases(rng, 12)) {
    const int64_t M = c.w[0];
    Tensor x = random_tensor<uint8_t>(rng, c.x, 0, 255), w = random_tensor<int8_t>(rng, c.w, -128, 127);
    Tensor xs = Tensor::scalar<float>(0.02f), xzp = Tensor::scalar<uint8_t>(128);
    Tensor ws = random_tensor<float>(rng, {M}, 0.001, 0.01), wzp = random_tensor<int8_t>(rng, {M}, -3, 3);
    Tensor ys = Tensor::scalar<float>(0.05f), yzp = Tensor::scalar<int8_t>(-5);
    Tensor b = random_tensor<int32_t>(rng, {M}, -2000, 2000);
    const int64_t taps = ohmic::graph::element_count(c.w) / M;
    std::vector<int64_t> acc = ref_conv<int64_t>(c, shifted_ref<uint8_t>(x, {128}, x.numel()),
                                                 shifted_ref<int8_t>(w, wzp.to_int64s(), taps), b.to_int64s());
    const int64_t plane = static_cast<int64_t>(acc.size()) / (c.x[0] * M);
    std::vector<int64_t> ref(acc.size());
    for (size_t i = 0; i < acc.size(); ++i) {
      const float mult = 0.02f * ws.data<float>()[(static_cast<int64_t>(i) / plane) % M] / 0.05f;
      ref[i] = std::clamp<int64_t>(static_cast<int64_t>(std::nearbyint(static_cast<double>(acc[i]) * mult)) - 5, -128, 127);
    }
    Tensor y = run1(OpKind::QLinearConv, {x, xs, xzp, w, ws, wzp, ys, yzp, b}, conv_attrs(c));
    EXPECT_EQ(y.dtype(), DType::Int8);
    EXPECT_EQ(y.to_int64s(), ref);
  }
}

TEST(IntegerConvDeterminism, SameResultForOneAndManyThreads) {
  std::mt19937 rng(11);
  ConvCase c{{4, 6, 12, 12}, {9, 2, 3, 3}, 3, {1, 1}, {1, 1}, {1, 1, 1, 1}};
  Tensor x = random_tensor<uint8_t>(rng, c.x, 0, 255), w = random_tensor<int8_t>(rng, c.w, -128, 127);
  std::vector<int64_t> one, many;
  {
    ohmic::ThreadLimit limit(1);
    one = run1(OpKind::ConvInteger, {x, w}, conv_attrs(c)).to_int64s();
  }
  many = run1(OpKind::ConvInteger, {x, w}, conv_attrs(c)).to_int64s();
  EXPECT_EQ(one, many);
}

TEST(ConvKernel, Float32IsBitIdenticalForAnyThreadCount) {
  // oneDNN runs one OpenMP thread per fixed chunk of images and the chunks run as TBB tasks, so the rounding does
  // not depend on the thread count (batch 20 = two full chunks of 8 and a remainder of 4).
  std::mt19937 rng(12);
  ConvCase c{{20, 16, 14, 14}, {32, 16, 3, 3}, 1, {1, 1}, {1, 1}, {1, 1, 1, 1}};
  Tensor x = random_tensor<float>(rng, c.x), w = random_tensor<float>(rng, c.w);
  Tensor one;
  {
    ohmic::ThreadLimit limit(1);
    one = run1(OpKind::Conv, {x, w}, conv_attrs(c));
  }
  Tensor many = run1(OpKind::Conv, {x, w}, conv_attrs(c));
  ASSERT_EQ(one.dims(), many.dims());
  EXPECT_EQ(std::memcmp(one.raw(), many.raw(), one.nbytes()), 0);
  EXPECT_LT(max_rel_diff(many, ref_conv<double>(c, x.to_doubles(), w.to_doubles(), {})), 1e-5);
}
