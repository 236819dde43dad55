#include "ohmic/exec/kernels/conv_integer.h"

#include "ohmic/exec/kernels/conv_direct.h"
#include "ohmic/exec/kernels/conv_shape.h"
#include "ohmic/exec/kernels/integer_operands.h"
#include "ohmic/exec/kernels/quant_math.h"
#include "ohmic/exec/kernels/quant_params.h"

namespace ohmic::exec {

namespace {

// Exact integer accumulators of conv(x - x_zp, w - w_zp[m]) (+ bias[m]) in the narrowest type that cannot
// overflow: int32 while taps * 255 * 255 (+ |bias|) fits, else int64.
struct Accumulators {
  std::vector<int32_t> a32;
  std::vector<int64_t> a64;
  bool wide = false;
  int64_t at(size_t i) const { return wide ? a64[i] : a32[i]; }
};

Accumulators integer_conv(const KernelContext& ctx, const ConvShape& cs, const Tensor& x, const Tensor& w,
                          const std::vector<int64_t>& x_zp, const std::vector<int64_t>& w_zp,
                          const std::vector<int64_t>& bias) {
  const int64_t taps = w.numel() / cs.out_channels;
  const int64_t plane = graph::element_count(cs.y_dims) / (cs.geo.batch * cs.out_channels);
  int64_t max_bias = 0;
  for (int64_t b : bias) max_bias = std::max(max_bias, b < 0 ? -b : b);
  Accumulators acc;
  acc.wide = taps * 255 * 255 + max_bias > int64_t{INT32_MAX};
  auto run = [&](auto zero) {
    using A = decltype(zero);
    std::vector<A> xs = shifted<A>(x, x_zp, x.numel());  // per-tensor x zero point
    std::vector<A> ws = shifted<A>(w, w_zp, taps);       // per-output-channel w zero point
    std::vector<A> y(static_cast<size_t>(graph::element_count(cs.y_dims)), A{0});
    if (!bias.empty())
      for (size_t nm = 0; nm < static_cast<size_t>(cs.geo.batch * cs.out_channels); ++nm)
        std::fill_n(y.begin() + static_cast<ptrdiff_t>(nm) * plane, plane,
                    static_cast<A>(bias[nm % static_cast<size_t>(cs.out_channels)]));
    direct_conv<A>(cs.geo, cs.out_channels, cs.group, xs.data(), ws.data(), y.data());
    return y;
  };
  if (acc.wide) acc.a64 = run(int64_t{0});
  else acc.a32 = run(int32_t{0});
  (void)ctx;
  return acc;
}

}  // namespace

void conv_integer_kernel(KernelContext& ctx) {
  const auto [x, w] = integer_operands(ctx, 1, "x", "w");
  const ConvShape cs = conv_shape(ctx, x, w);
  if (ctx.has_input(2) && ctx.input(2).numel() != 1)
    ctx.fail("x_zero_point has " + std::to_string(ctx.input(2).numel()) + " elements",
             "ConvInteger takes one x zero point");
  const auto x_zp = optional_zero_points(ctx, 2, x.dtype(), 1, "x_zero_point");
  const auto w_zp = optional_zero_points(ctx, 3, w.dtype(), cs.out_channels, "w_zero_point");
  const Accumulators acc = integer_conv(ctx, cs, x, w, x_zp, w_zp, {});
  ctx.set_output(0, int32_output(cs.y_dims, [&](int64_t i) { return acc.at(static_cast<size_t>(i)); }));
}

void qlinear_conv_kernel(KernelContext& ctx) {
  const auto [x, w] = integer_operands(ctx, 3, "x", "w");
  const QLinearOutput out = qlinear_output(ctx);
  const ConvShape cs = conv_shape(ctx, x, w);
  const int64_t M = cs.out_channels;
  if (ctx.input(1).numel() != 1) ctx.fail("x_scale must be a scalar (per-tensor)");
  if (ctx.input(2).numel() != 1) ctx.fail("x_zero_point must be a scalar (per-tensor)");
  const float x_scale = scales(ctx, ctx.input(1), 1, "x_scale")[0];
  const auto x_zp = zero_points(ctx, &ctx.input(2), x.dtype(), 1, "x_zero_point");
  const auto w_scale = scales(ctx, ctx.input(4), M, "w_scale");
  const auto w_zp = zero_points(ctx, &ctx.input(5), w.dtype(), M, "w_zero_point");
  std::vector<int64_t> bias;
  if (ctx.has_input(8)) {
    const Tensor& b = ctx.input(8);
    if (b.dtype() != DType::Int32 || b.rank() != 1 || b.dim(0) != M)
      ctx.fail("bias must be int32 of shape [" + std::to_string(M) + "], got " + std::string(graph::dtype_name(b.dtype())) +
               " " + graph::dims_str(b.dims()));
    bias = b.to_int64s();
  }
  const Accumulators acc = integer_conv(ctx, cs, x, w, x_zp, w_zp, bias);
  std::vector<float> mult(static_cast<size_t>(M));
  for (size_t m = 0; m < mult.size(); ++m) mult[m] = requant_multiplier(x_scale, w_scale[m], out.scale);
  const int64_t plane = graph::element_count(cs.y_dims) / (cs.geo.batch * M);
  ctx.set_output(0, requantized_output(
                        out, cs.y_dims, [&](int64_t i) { return acc.at(static_cast<size_t>(i)); },
                        [&](int64_t i) { return mult[static_cast<size_t>((i / plane) % M)]; }));
}

}  // namespace ohmic::exec
