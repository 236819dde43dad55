// Gemm and MatMul (float32 through oneDNN's matmul primitive; float64 and integer MatMul through the plain loop),
// MatMulInteger and QLinearMatMul (exact integer loops, gemm_integer.cpp).
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/gemm_integer.h"
#include "ohmic/exec/kernels/gemm_shape.h"
#include "ohmic/exec/kernels/onednn_common.h"

namespace ohmic::exec {

namespace {

// Per node: a oneDNN matmul for one pair of operand shapes (and Gemm flags); operands are read in place through
// strided memory descriptors, so transposes and broadcast batches cost no copies.
struct MatMulF32State : KernelState {
  Dims a_dims, b_dims;
  dnnl::matmul prim;
  dnnl::memory::desc a_md, b_md, y_md;
};

// Operands keep their row-major layout; oneDNN broadcasts batch axes of extent 1 itself.
dnnl::memory::desc plain(const Dims& d) { return onednn_plain_f32(d); }

dnnl::memory::desc transposed_2d(int64_t rows, int64_t cols) {
  // A [cols, rows] row-major matrix read as [rows, cols].
  return dnnl::memory::desc({rows, cols}, dnnl::memory::data_type::f32, dnnl::memory::dims{1, rows});
}

void matmul_f32(KernelContext& ctx, const MatMulShape& s, const Tensor& a, const Tensor& b) {
  auto& st = ctx.state<MatMulF32State>();
  if (st.a_dims != a.dims() || st.b_dims != b.dims() || !st.prim) {
    st.a_md = plain(s.a_full);
    st.b_md = plain(s.b_full);
    st.y_md = plain(s.y_full);
    auto pd = onednn_try(ctx, "f32 matmul", [&] {
      return dnnl::matmul::primitive_desc(dnnl::matmul::desc(st.a_md, st.b_md, st.y_md), onednn_engine());
    });
    st.prim = dnnl::matmul(pd);
    st.a_dims = a.dims();
    st.b_dims = b.dims();
  }
  Tensor y(DType::Float32, s.y_dims);
  onednn_execute(ctx, st.prim,
                 {{DNNL_ARG_SRC, onednn_view(st.a_md, a)}, {DNNL_ARG_WEIGHTS, onednn_view(st.b_md, b)},
                  {DNNL_ARG_DST, onednn_view(st.y_md, y)}});
  ctx.set_output(0, std::move(y));
}

void matmul_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (a.dtype() != b.dtype()) ctx.fail("operands have different element types", "cast them to one type");
  const MatMulShape s = matmul_shape(ctx, a.dims(), b.dims());
  if (a.dtype() == DType::Float32 && s.y_full.size() <= DNNL_MAX_NDIMS && s.K > 0 && graph::element_count(s.y_full) > 0)
    return matmul_f32(ctx, s, a, b);
  switch (a.dtype()) {
    case DType::Float32:
    case DType::Float64:
    case DType::Int32:
    case DType::Int64:
    case DType::UInt32:
    case DType::UInt64: break;
    default:
      ctx.fail("element type " + std::string(graph::dtype_name(a.dtype())) + " is not supported by MatMul",
               "use float32/float64/int32/int64/uint32/uint64 (MatMulInteger for 8-bit)");
  }
  dispatch_numeric(a.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor y(a.dtype(), s.y_dims);
    loop_matmul<T>(s, a.data<T>(), b.data<T>(), y.data<T>());
    ctx.set_output(0, std::move(y));
  });
}

// ---- Gemm: Y = alpha * op(A) op(B) + beta * C, C broadcast to [M, N].

struct GemmF32State : KernelState {
  Dims a_dims, b_dims;
  bool with_sum = false;
  dnnl::matmul prim;
  dnnl::memory::desc a_md, b_md, y_md;
};

// Fills y [M, N] with beta * C broadcast (C: scalar, [N], [1, N], [M, 1], [M], [M, N] as unidirectional broadcast).
template <class T>
void fill_beta_c(const KernelContext& ctx, const Tensor& c, double beta, int64_t M, int64_t N, T* y) {
  Dims cd = c.dims();
  if (cd.size() > 2) ctx.fail("C has rank " + std::to_string(cd.size()), "C must broadcast to [M, N]");
  cd.insert(cd.begin(), 2 - cd.size(), 1);
  if ((cd[0] != 1 && cd[0] != M) || (cd[1] != 1 && cd[1] != N))
    ctx.fail("C has shape " + graph::dims_str(c.dims()) + ", which does not broadcast to [" + std::to_string(M) + ", " +
             std::to_string(N) + "]");
  const T* cp = c.data<T>();
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      y[i * N + j] = static_cast<T>(beta * static_cast<double>(cp[(cd[0] == 1 ? 0 : i) * cd[1] + (cd[1] == 1 ? 0 : j)]));
}

void gemm_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  const Tensor* c = ctx.has_input(2) ? &ctx.input(2) : nullptr;
  if (a.rank() != 2 || b.rank() != 2)
    ctx.fail("A " + graph::dims_str(a.dims()) + " and B " + graph::dims_str(b.dims()) + " must be 2-D matrices");
  if (a.dtype() != b.dtype() || (c && c->dtype() != a.dtype()))
    ctx.fail("A, B and C must share one element type");
  const bool ta = ctx.node().attr_int("transA", 0) != 0, tb = ctx.node().attr_int("transB", 0) != 0;
  const float alpha = ctx.node().attr_float("alpha", 1.0f), beta = ctx.node().attr_float("beta", 1.0f);
  const int64_t M = ta ? a.dim(1) : a.dim(0), K = ta ? a.dim(0) : a.dim(1);
  const int64_t N = tb ? b.dim(0) : b.dim(1), Kb = tb ? b.dim(1) : b.dim(0);
  if (K != Kb)
    ctx.fail("inner dimensions differ: A " + graph::dims_str(a.dims()) + (ta ? " (transposed)" : "") + ", B " +
             graph::dims_str(b.dims()) + (tb ? " (transposed)" : ""));
  const bool use_c = c && beta != 0.0f;
  if (a.dtype() == DType::Float32) {
    Tensor y(DType::Float32, {M, N});
    if (use_c) fill_beta_c<float>(ctx, *c, beta, M, N, y.data<float>());
    if (K == 0 || M == 0 || N == 0) {
      ctx.set_output(0, std::move(y));
      return;
    }
    auto& st = ctx.state<GemmF32State>();
    if (st.a_dims != a.dims() || st.b_dims != b.dims() || st.with_sum != use_c || !st.prim) {
      st.a_md = ta ? transposed_2d(M, K) : plain({M, K});
      st.b_md = tb ? transposed_2d(K, N) : plain({K, N});
      st.y_md = plain({M, N});
      dnnl::primitive_attr attr;
      if (alpha != 1.0f) attr.set_output_scales(0, {alpha});
      if (use_c) {
        dnnl::post_ops ops;
        ops.append_sum(1.0f);
        attr.set_post_ops(ops);
      }
      auto pd = onednn_try(ctx, "f32 gemm", [&] {
        return dnnl::matmul::primitive_desc(dnnl::matmul::desc(st.a_md, st.b_md, st.y_md), attr, onednn_engine());
      });
      st.prim = dnnl::matmul(pd);
      st.a_dims = a.dims();
      st.b_dims = b.dims();
      st.with_sum = use_c;
    }
    onednn_execute(ctx, st.prim,
                   {{DNNL_ARG_SRC, onednn_view(st.a_md, a)}, {DNNL_ARG_WEIGHTS, onednn_view(st.b_md, b)},
                    {DNNL_ARG_DST, onednn_view(st.y_md, y)}});
    ctx.set_output(0, std::move(y));
    return;
  }
  if (a.dtype() != DType::Float64)
    ctx.fail("element type " + std::string(graph::dtype_name(a.dtype())) + " is not supported by Gemm",
             "use float32 or float64");
  Tensor y(DType::Float64, {M, N});
  double* yp = y.data<double>();
  if (use_c) fill_beta_c<double>(ctx, *c, beta, M, N, yp);
  const double* ap = a.data<double>();
  const double* bp = b.data<double>();
  parallel_for(M, 4, [&](int64_t begin, int64_t end) {
    std::vector<double> row(static_cast<size_t>(N));
    for (int64_t i = begin; i < end; ++i) {
      std::fill(row.begin(), row.end(), 0.0);
      for (int64_t k = 0; k < K; ++k) {
        const double av = ta ? ap[k * M + i] : ap[i * K + k];
        for (int64_t j = 0; j < N; ++j) row[static_cast<size_t>(j)] += av * (tb ? bp[j * K + k] : bp[k * N + j]);
      }
      for (int64_t j = 0; j < N; ++j) yp[i * N + j] += static_cast<double>(alpha) * row[static_cast<size_t>(j)];
    }
  });
  ctx.set_output(0, std::move(y));
}

}  // namespace

void register_matmul_kernels(KernelRegistry& r) {
  r.add(graph::OpKind::Gemm, gemm_kernel);
  r.add(graph::OpKind::MatMul, matmul_kernel);
  r.add(graph::OpKind::MatMulInteger, matmul_integer_kernel);
  r.add(graph::OpKind::QLinearMatMul, qlinear_matmul_kernel);
}

}  // namespace ohmic::exec
