// QuantizeLinear and DequantizeLinear, per tensor or per axis (opset 13 'axis'), round half to even, saturation.
#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/quant_math.h"
#include "ohmic/exec/kernels/quant_params.h"

namespace ohmic::exec {

namespace {

// Per-axis layout of x for a scale of `scale_count` elements: the channel of element i is (i / inner) % channels.
struct AxisLayout {
  int64_t channels = 1, inner = 1;
};

AxisLayout axis_layout(const KernelContext& ctx, const Tensor& x, const Tensor& scale) {
  AxisLayout l;
  if (scale.rank() == 0 || scale.numel() == 1) {
    if (scale.rank() > 1) ctx.fail("the scale must be a scalar or 1-D, got " + graph::dims_str(scale.dims()));
    l.inner = std::max<int64_t>(1, x.numel());
    return l;
  }
  if (scale.rank() != 1) ctx.fail("the scale must be a scalar or 1-D, got " + graph::dims_str(scale.dims()));
  int64_t axis = ctx.node().attr_int("axis", 1);
  if (axis < -x.rank() || axis >= x.rank())
    ctx.fail("attribute 'axis' is " + std::to_string(axis) + " for input rank " + std::to_string(x.rank()));
  if (axis < 0) axis += x.rank();
  l.channels = x.dim(static_cast<int>(axis));
  if (scale.numel() != l.channels)
    ctx.fail("per-axis scale has " + std::to_string(scale.numel()) + " elements but axis " + std::to_string(axis) +
                 " of " + graph::dims_str(x.dims()) + " has " + std::to_string(l.channels),
             "give one scale per element of the quantization axis");
  l.inner = 1;
  for (int d = static_cast<int>(axis) + 1; d < x.rank(); ++d) l.inner *= x.dim(d);
  return l;
}

void quantize_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Tensor& s = ctx.input(1);
  const Tensor* zp = ctx.has_input(2) ? &ctx.input(2) : nullptr;
  if (x.dtype() != DType::Float32 && x.dtype() != DType::Int32)
    ctx.fail("x is " + std::string(graph::dtype_name(x.dtype())), "QuantizeLinear takes float32 or int32 input");
  const DType out_type = zp ? zp->dtype() : DType::UInt8;
  if (out_type != DType::UInt8 && out_type != DType::Int8)
    ctx.fail("y_zero_point is " + std::string(graph::dtype_name(out_type)), "use uint8 or int8");
  const AxisLayout l = axis_layout(ctx, x, s);
  if (zp && zp->numel() != s.numel())
    ctx.fail("y_zero_point has " + std::to_string(zp->numel()) + " elements but y_scale has " +
             std::to_string(s.numel()));
  const std::vector<float> scale = scales(ctx, s, l.channels, "y_scale");
  const std::vector<int64_t> zero = zero_points(ctx, zp, out_type, l.channels, "y_zero_point");
  Tensor y(out_type, x.dims());
  auto run = [&](auto* out) {
    using Q = std::remove_pointer_t<decltype(out)>;
    const int32_t* xi = x.dtype() == DType::Int32 ? x.data<int32_t>() : nullptr;
    const float* xf = x.dtype() == DType::Float32 ? x.data<float>() : nullptr;
    parallel_for(x.numel(), 1 << 14, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const size_t c = static_cast<size_t>((i / l.inner) % l.channels);
        const float v = xi ? static_cast<float>(xi[i]) : xf[i];
        out[i] = quantize_value<Q>(v, scale[c], zero[c]);
      }
    });
  };
  if (out_type == DType::UInt8) run(y.data<uint8_t>());
  else run(y.data<int8_t>());
  ctx.set_output(0, std::move(y));
}

void dequantize_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Tensor& s = ctx.input(1);
  const Tensor* zp = ctx.has_input(2) ? &ctx.input(2) : nullptr;
  if (x.dtype() != DType::UInt8 && x.dtype() != DType::Int8 && x.dtype() != DType::Int32)
    ctx.fail("x is " + std::string(graph::dtype_name(x.dtype())), "DequantizeLinear takes uint8, int8 or int32 input");
  const AxisLayout l = axis_layout(ctx, x, s);
  if (zp && zp->numel() != s.numel())
    ctx.fail("x_zero_point has " + std::to_string(zp->numel()) + " elements but x_scale has " +
             std::to_string(s.numel()));
  const std::vector<float> scale = scales(ctx, s, l.channels, "x_scale");
  const std::vector<int64_t> zero = zero_points(ctx, zp, x.dtype(), l.channels, "x_zero_point");
  if (x.dtype() == DType::Int32)
    for (int64_t z : zero)
      if (z != 0) ctx.fail("int32 input has a non-zero zero point", "int32 (bias) tensors are dequantized with zero point 0");
  const std::vector<int64_t> xi = x.to_int64s();
  Tensor y(DType::Float32, x.dims());
  float* yp = y.data<float>();
  parallel_for(x.numel(), 1 << 14, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const size_t c = static_cast<size_t>((i / l.inner) % l.channels);
      yp[i] = static_cast<float>(xi[static_cast<size_t>(i)] - zero[c]) * scale[c];
    }
  });
  ctx.set_output(0, std::move(y));
}

}  // namespace

void register_quant_kernels(KernelRegistry& r) {
  r.add(graph::OpKind::QuantizeLinear, quantize_kernel);
  r.add(graph::OpKind::DequantizeLinear, dequantize_kernel);
}

}  // namespace ohmic::exec
