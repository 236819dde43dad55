// Conv (float32 through oneDNN, float64 through the direct loop), ConvInteger and QLinearConv (exact integer
// loops, conv_integer.cpp).
#include "ohmic/exec/kernels/conv_direct.h"
#include "ohmic/exec/kernels/conv_integer.h"
#include "ohmic/exec/kernels/conv_shape.h"
#include "ohmic/exec/kernels/onednn_common.h"

namespace ohmic::exec {

namespace {

// Images per oneDNN call. Fixed (not derived from the thread count) so the primitive, and therefore every rounding,
// is the same whatever the number of threads; the chunks run in parallel as TBB tasks.
constexpr int64_t kConvChunkImages = 8;

// The oneDNN convolution for one chunk size, with its layout conversions. Activations arrive and leave in NCHW;
// the primitive picks its preferred (blocked) layouts and src/dst are reordered per chunk.
struct ConvChunkPlan {
  int64_t images = 0;
  dnnl::convolution_forward prim;
  dnnl::memory::desc x_md, y_md, src_md, dst_md, scratch_md;
  bool reorder_src = false, reorder_dst = false;
  dnnl::reorder src_reorder, dst_reorder;
  dnnl::memory::desc src_reorder_scratch, dst_reorder_scratch;
  dnnl::memory weights;  // reordered once into this primitive's layout
};

// Per node: plans for one input shape (full chunks and the remainder), weights reordered once. The weight/bias
// tensors are held so their buffers cannot be freed and reused while the cache compares their addresses; a new
// buffer or shape rebuilds the cache.
struct ConvF32State : KernelState {
  Dims x_dims;
  const void* w_ptr = nullptr;
  const void* b_ptr = nullptr;
  Tensor w_held, b_held;
  dnnl::memory bias;
  std::vector<ConvChunkPlan> plans;  // plans[0]: full chunks; plans[1] (if any): the smaller last chunk
};

ConvChunkPlan build_chunk_plan(KernelContext& ctx, const ConvShape& cs, int64_t images, const Tensor& w, bool with_bias,
                               const std::vector<ConvChunkPlan>& earlier) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const auto& geo = cs.geo;
  Dims wdims = w.dims();
  if (cs.group > 1) {  // oneDNN's grouped weights [G, M/G, C/G, k...] have ONNX's memory layout
    wdims = {cs.group, cs.out_channels / cs.group};
    wdims.insert(wdims.end(), w.dims().begin() + 1, w.dims().end());
  }
  dnnl::memory::dims strides(geo.strides.begin(), geo.strides.end());
  dnnl::memory::dims dil, pl(geo.pad_begin.begin(), geo.pad_begin.end()), pr(geo.pad_end.begin(), geo.pad_end.end());
  for (int64_t d : geo.dilations) dil.push_back(d - 1);  // oneDNN counts dilation from 0
  // oneDNN computes the output size with the same floor rule as ONNX, so the ONNX pads pass through unchanged.
  Dims xc = cs.geo.output_dims(cs.geo.channels), yc = cs.y_dims;
  std::copy(geo.in.begin(), geo.in.end(), xc.begin() + 2);
  xc[0] = yc[0] = images;
  auto any = [&](const Dims& d) { return dnnl::memory::desc(onednn_dims(d), dt::f32, tag::any); };
  ConvChunkPlan p;
  p.images = images;
  p.x_md = onednn_plain_f32(xc);
  p.y_md = onednn_plain_f32(yc);
  dnnl::memory::desc b_md = with_bias ? dnnl::memory::desc({cs.out_channels}, dt::f32, tag::a) : dnnl::memory::desc();
  auto pd = onednn_try(ctx, "f32 convolution", [&] {
    auto d = dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                             any(xc), any(wdims), b_md, any(yc), strides, dil, pl, pr);
    return dnnl::convolution_forward::primitive_desc(d, onednn_user_scratchpad_attr(), onednn_engine());
  });
  p.prim = dnnl::convolution_forward(pd);
  p.src_md = pd.src_desc();
  p.dst_md = pd.dst_desc();
  p.scratch_md = pd.scratchpad_desc();
  for (const ConvChunkPlan& e : earlier)
    if (e.weights.get_desc() == pd.weights_desc()) p.weights = e.weights;
  if (!p.weights) {
    const dnnl::memory::desc w_user_md = onednn_plain_f32(wdims);
    dnnl::memory w_user = onednn_view(w_user_md, w);
    if (pd.weights_desc() != w_user_md) {
      p.weights = dnnl::memory(pd.weights_desc(), onednn_engine());
      onednn_execute(ctx, dnnl::reorder(w_user, p.weights), {{DNNL_ARG_FROM, w_user}, {DNNL_ARG_TO, p.weights}});
    } else {
      p.weights = w_user;  // the held tensor keeps the buffer alive
    }
  }
  p.reorder_src = p.src_md != p.x_md;
  p.reorder_dst = p.dst_md != p.y_md;
  auto reorder = [&](const dnnl::memory::desc& from, const dnnl::memory::desc& to, dnnl::memory::desc& scratch) {
    auto rpd = dnnl::reorder::primitive_desc(onednn_engine(), from, onednn_engine(), to, onednn_user_scratchpad_attr());
    scratch = rpd.scratchpad_desc();
    return dnnl::reorder(rpd);
  };
  if (p.reorder_src) p.src_reorder = reorder(p.x_md, p.src_md, p.src_reorder_scratch);
  if (p.reorder_dst) p.dst_reorder = reorder(p.dst_md, p.y_md, p.dst_reorder_scratch);
  return p;
}

void conv_f32(KernelContext& ctx, const ConvShape& cs, const Tensor& x, const Tensor& w, const Tensor* b) {
  auto& st = ctx.state<ConvF32State>();
  const int64_t N = cs.geo.batch;
  if (N == 0) return ctx.set_output(0, Tensor(DType::Float32, cs.y_dims));
  if (st.x_dims != x.dims() || st.w_ptr != w.raw() || st.b_ptr != (b ? b->raw() : nullptr) || !st.w_held.raw()) {
    st.plans.clear();
    st.plans.push_back(build_chunk_plan(ctx, cs, std::min(N, kConvChunkImages), w, b != nullptr, st.plans));
    if (N > kConvChunkImages && N % kConvChunkImages != 0)
      st.plans.push_back(build_chunk_plan(ctx, cs, N % kConvChunkImages, w, b != nullptr, st.plans));
    st.bias = b ? onednn_view(dnnl::memory::desc({cs.out_channels}, dnnl::memory::data_type::f32,
                                                 dnnl::memory::format_tag::a), *b)
                : dnnl::memory();
    st.x_dims = x.dims();
    st.w_held = w;
    st.w_ptr = w.raw();
    st.b_held = b ? *b : Tensor{};
    st.b_ptr = b ? b->raw() : nullptr;
  }
  Tensor y(DType::Float32, cs.y_dims);
  const int64_t x_image = N > 0 ? x.numel() / N : 0, y_image = N > 0 ? y.numel() / N : 0;
  const float* xp = x.data<float>();
  float* yp = y.data<float>();
  parallel_for(N, kConvChunkImages, [&](int64_t begin, int64_t end) {
    const ConvChunkPlan& p = end - begin == st.plans[0].images ? st.plans[0] : st.plans.at(1);
    auto& eng = onednn_engine();
    dnnl::memory xm(p.x_md, eng, const_cast<float*>(xp + begin * x_image));
    dnnl::memory ym(p.y_md, eng, yp + begin * y_image);
    dnnl::memory src = p.reorder_src ? dnnl::memory(p.src_md, eng) : xm;
    dnnl::memory dst = p.reorder_dst ? dnnl::memory(p.dst_md, eng) : ym;
    if (p.reorder_src)
      onednn_execute(ctx, p.src_reorder, with_scratchpad({{DNNL_ARG_FROM, xm}, {DNNL_ARG_TO, src}}, p.src_reorder_scratch));
    auto args = with_scratchpad({{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, p.weights}, {DNNL_ARG_DST, dst}}, p.scratch_md);
    if (b) args[DNNL_ARG_BIAS] = st.bias;
    onednn_execute(ctx, p.prim, args);
    if (p.reorder_dst)
      onednn_execute(ctx, p.dst_reorder, with_scratchpad({{DNNL_ARG_FROM, dst}, {DNNL_ARG_TO, ym}}, p.dst_reorder_scratch));
  });
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
