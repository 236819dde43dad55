// Conv (float32 through oneDNN, float64 through the direct loop), ConvInteger and QLinearConv (exact integer
// loops, conv_integer.cpp).
#include "ohmic/exec/kernels/conv_direct.h"
#include "ohmic/exec/kernels/conv_integer.h"
#include "ohmic/exec/kernels/conv_shape.h"
#include "ohmic/exec/kernels/onednn_common.h"

namespace ohmic::exec {

namespace {

// Per node: the oneDNN convolution for one input shape, with weights (and bias) reordered once into the layout the
// primitive prefers. The weight/bias tensors are held so their buffers cannot be freed and reused while the cache
// compares their addresses; a new buffer rebuilds the cache.
struct ConvF32State : KernelState {
  Dims x_dims;
  const void* w_ptr = nullptr;
  const void* b_ptr = nullptr;
  Tensor w_held, b_held;
  Dims y_dims;
  dnnl::convolution_forward prim;
  dnnl::memory::desc x_user_md, y_user_md;
  dnnl::memory w_mem, b_mem, src_mem, dst_mem;  // src_mem/dst_mem: scratch when the primitive's layout is blocked
  bool reorder_src = false, reorder_dst = false;
  dnnl::reorder src_reorder, dst_reorder;
};

void build_conv_f32(KernelContext& ctx, ConvF32State& st, const ConvShape& cs, const Tensor& x, const Tensor& w,
                    const Tensor* b) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const auto& geo = cs.geo;
  dnnl::memory::dims wdims;
  if (cs.group > 1) {
    wdims = {cs.group, cs.out_channels / cs.group};
    wdims.insert(wdims.end(), w.dims().begin() + 1, w.dims().end());
  } else {
    wdims = onednn_dims(w.dims());
  }
  dnnl::memory::dims strides(geo.strides.begin(), geo.strides.end());
  dnnl::memory::dims dil, pl(geo.pad_begin.begin(), geo.pad_begin.end()), pr(geo.pad_end.begin(), geo.pad_end.end());
  for (int64_t d : geo.dilations) dil.push_back(d - 1);  // oneDNN counts dilation from 0
  // oneDNN computes the output size with the same floor rule as ONNX, so the ONNX pads pass through unchanged.
  auto any = [&](const dnnl::memory::dims& d) { return dnnl::memory::desc(d, dt::f32, tag::any); };
  st.x_user_md = onednn_plain_f32(x.dims());
  st.y_user_md = onednn_plain_f32(cs.y_dims);
  dnnl::memory::desc w_user_md = onednn_plain_f32(Dims(wdims.begin(), wdims.end()));
  dnnl::memory::desc b_md = b ? dnnl::memory::desc({cs.out_channels}, dt::f32, tag::a) : dnnl::memory::desc();
  auto pd = onednn_try(ctx, "f32 convolution", [&] {
    auto d = dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                             any(onednn_dims(x.dims())), any(wdims), b_md,
                                             any(onednn_dims(cs.y_dims)), strides, dil, pl, pr);
    return dnnl::convolution_forward::primitive_desc(d, onednn_engine());
  });
  st.prim = dnnl::convolution_forward(pd);
  // Weights: reorder once.
  dnnl::memory w_user = onednn_view(w_user_md, w);
  if (pd.weights_desc() != w_user_md) {
    st.w_mem = dnnl::memory(pd.weights_desc(), onednn_engine());
    onednn_execute(ctx, dnnl::reorder(w_user, st.w_mem), {{DNNL_ARG_FROM, w_user}, {DNNL_ARG_TO, st.w_mem}});
  } else {
    st.w_mem = w_user;
  }
  st.b_mem = b ? onednn_view(b_md, *b) : dnnl::memory();
  st.reorder_src = pd.src_desc() != st.x_user_md;
  st.reorder_dst = pd.dst_desc() != st.y_user_md;
  if (st.reorder_src) {
    st.src_mem = dnnl::memory(pd.src_desc(), onednn_engine());
    st.src_reorder = dnnl::reorder(dnnl::memory(st.x_user_md, onednn_engine(), nullptr), st.src_mem);
  }
  if (st.reorder_dst) {
    st.dst_mem = dnnl::memory(pd.dst_desc(), onednn_engine());
    st.dst_reorder = dnnl::reorder(st.dst_mem, dnnl::memory(st.y_user_md, onednn_engine(), nullptr));
  }
  st.x_dims = x.dims();
  st.y_dims = cs.y_dims;
  st.w_held = w;
  st.w_ptr = w.raw();
  st.b_held = b ? *b : Tensor{};
  st.b_ptr = b ? b->raw() : nullptr;
}

void conv_f32(KernelContext& ctx, const ConvShape& cs, const Tensor& x, const Tensor& w, const Tensor* b) {
  auto& st = ctx.state<ConvF32State>();
  if (st.x_dims != x.dims() || st.w_ptr != w.raw() || st.b_ptr != (b ? b->raw() : nullptr) || !st.w_held.raw())
    build_conv_f32(ctx, st, cs, x, w, b);
  Tensor y(DType::Float32, st.y_dims);
  dnnl::memory x_mem = onednn_view(st.x_user_md, x), y_mem = onednn_view(st.y_user_md, y);
  if (st.reorder_src) onednn_execute(ctx, st.src_reorder, {{DNNL_ARG_FROM, x_mem}, {DNNL_ARG_TO, st.src_mem}});
  std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, st.reorder_src ? st.src_mem : x_mem},
                                             {DNNL_ARG_WEIGHTS, st.w_mem},
                                             {DNNL_ARG_DST, st.reorder_dst ? st.dst_mem : y_mem}};
  if (b) args[DNNL_ARG_BIAS] = st.b_mem;
  onednn_execute(ctx, st.prim, args);
  if (st.reorder_dst) onednn_execute(ctx, st.dst_reorder, {{DNNL_ARG_FROM, st.dst_mem}, {DNNL_ARG_TO, y_mem}});
  ctx.set_output(0, std::move(y));
}

void conv_f64(KernelContext& ctx, const ConvShape& cs, const Tensor& x, const Tensor& w, const Tensor* b) {
  Tensor y(DType::Float64, cs.y_dims);
  double* yp = y.data<double>();
  if (b) {
    const int64_t plane = y.numel() / (cs.geo.batch * cs.out_channels);
    const double* bp = b->data<double>();
    for (int64_t nm = 0; nm < cs.geo.batch * cs.out_channels; ++nm)
      std::fill(yp + nm * plane, yp + (nm + 1) * plane, bp[nm % cs.out_channels]);
  }
  direct_conv<double>(cs.geo, cs.out_channels, cs.group, x.data<double>(), w.data<double>(), yp);
  ctx.set_output(0, std::move(y));
}

void conv_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Tensor& w = ctx.input(1);
  const Tensor* b = ctx.has_input(2) ? &ctx.input(2) : nullptr;
  if (w.dtype() != x.dtype() || (b && b->dtype() != x.dtype()))
    ctx.fail("input, weights and bias must share one element type", "cast them to float32");
  const ConvShape cs = conv_shape(ctx, x, w);
  if (b && (b->rank() != 1 || b->dim(0) != cs.out_channels))
    ctx.fail("bias has shape " + graph::dims_str(b->dims()) + "; expected [" + std::to_string(cs.out_channels) + "]");
  switch (x.dtype()) {
    case DType::Float32: return conv_f32(ctx, cs, x, w, b);
    case DType::Float64: return conv_f64(ctx, cs, x, w, b);
    default:
      ctx.fail("element type " + std::string(graph::dtype_name(x.dtype())) + " is not supported by Conv",
               "use float32 or float64 (ConvInteger/QLinearConv for integers)");
  }
}

}  // namespace

void register_conv_kernels(KernelRegistry& r) {
  r.add(graph::OpKind::Conv, conv_kernel);
  r.add(graph::OpKind::ConvInteger, conv_integer_kernel);
  r.add(graph::OpKind::QLinearConv, qlinear_conv_kernel);
}

}  // namespace ohmic::exec
