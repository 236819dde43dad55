// Gemm and MatMul (float32 through oneDNN's matmul primitive in fixed row chunks; float64 and integer MatMul through
// the plain loop),
// MatMulInteger and QLinearMatMul (exact integer loops, gemm_integer.cpp).
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/gemm_integer.h"
#include "ohmic/exec/kernels/gemm_shape.h"
#include "ohmic/exec/kernels/onednn_common.h"

namespace ohmic::exec {

namespace {

// Rows of the result per oneDNN call. Fixed (not derived from the thread count) so the primitive, and therefore
// every rounding, is the same whatever the number of threads; row chunks (of every batch) run as TBB tasks.
constexpr int64_t kRowsPerChunk = 32;

// f32 Y[rows, N] = alpha * A[rows, K] x B[K, N] (+ Y when accumulate), one primitive per chunk height. A is read in
// place through a strided descriptor (row stride lda, column stride 1, or transposed: row stride 1, column stride
// lda), B likewise (plain or transposed), so transposes and broadcast batches cost no copies.
struct RowChunkedMatMul {
  int64_t K = 0, N = 0, lda = 0, ldb = 0;
  bool trans_a = false, trans_b = false, accumulate = false;
  float alpha = 1.0f;
  struct Chunk {
    int64_t rows = 0;
    dnnl::matmul prim;
    dnnl::memory::desc a_md, b_md, y_md, scratch_md;
  };
  std::vector<Chunk> chunks;  // at most two heights: kRowsPerChunk and the remainder

  const Chunk& chunk(const KernelContext& ctx, int64_t rows) {
    for (const Chunk& c : chunks)
      if (c.rows == rows) return c;
    using dt = dnnl::memory::data_type;
    Chunk c;
    c.rows = rows;
    c.a_md = dnnl::memory::desc({rows, K}, dt::f32, trans_a ? dnnl::memory::dims{1, lda} : dnnl::memory::dims{lda, 1});
    c.b_md = dnnl::memory::desc({K, N}, dt::f32, trans_b ? dnnl::memory::dims{1, ldb} : dnnl::memory::dims{ldb, 1});
    c.y_md = dnnl::memory::desc({rows, N}, dt::f32, dnnl::memory::dims{N, 1});
    dnnl::primitive_attr attr = onednn_user_scratchpad_attr();
    if (alpha != 1.0f) attr.set_output_scales(0, {alpha});
    if (accumulate) {
      dnnl::post_ops ops;
      ops.append_sum(1.0f);
      attr.set_post_ops(ops);
    }
    auto pd = onednn_try(ctx, "f32 matmul", [&] {
      return dnnl::matmul::primitive_desc(dnnl::matmul::desc(c.a_md, c.b_md, c.y_md), attr, onednn_engine());
    });
    c.prim = dnnl::matmul(pd);
    c.scratch_md = pd.scratchpad_desc();
    chunks.push_back(c);
    return chunks.back();
  }

  // Builds the chunk primitives (single-threaded, before the parallel loop), then runs every (batch, row chunk).
  // a(batch) / b(batch) / y(batch) give each batch's matrix origins; A's rows advance by `a_row_step` elements.
  template <class APtr, class BPtr, class YPtr>
  void run(const KernelContext& ctx, int64_t batches, int64_t M, int64_t a_row_step, APtr a, BPtr b, YPtr y) {
    const int64_t per_batch = (M + kRowsPerChunk - 1) / kRowsPerChunk;
    chunk(ctx, std::min(M, kRowsPerChunk));
    if (M > kRowsPerChunk && M % kRowsPerChunk != 0) chunk(ctx, M % kRowsPerChunk);
    parallel_for(batches * per_batch, 1, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) {
        const int64_t bi = t / per_batch, r0 = (t % per_batch) * kRowsPerChunk;
        const int64_t rows = std::min(kRowsPerChunk, M - r0);
        const Chunk* c = nullptr;
        for (const Chunk& k : chunks)
          if (k.rows == rows) c = &k;
        auto& eng = onednn_engine();
        onednn_execute(ctx, c->prim,
                       with_scratchpad({{DNNL_ARG_SRC, dnnl::memory(c->a_md, eng, const_cast<float*>(a(bi) + r0 * a_row_step))},
                                        {DNNL_ARG_WEIGHTS, dnnl::memory(c->b_md, eng, const_cast<float*>(b(bi)))},
                                        {DNNL_ARG_DST, dnnl::memory(c->y_md, eng, y(bi) + r0 * N)}},
                                       c->scratch_md));
      }
    });
  }
};

struct MatMulF32State : KernelState {
  Dims a_dims, b_dims;
  RowChunkedMatMul mm;
};

void matmul_f32(KernelContext& ctx, const MatMulShape& s, const Tensor& a, const Tensor& b) {
  auto& st = ctx.state<MatMulF32State>();
  if (st.a_dims != a.dims() || st.b_dims != b.dims()) {
    st.mm = RowChunkedMatMul{};
    st.mm.K = s.K;
    st.mm.N = s.N;
    st.mm.lda = s.K;
    st.mm.ldb = s.N;
    st.a_dims = a.dims();
    st.b_dims = b.dims();
  }
  Tensor y(DType::Float32, s.y_dims);
  const float* ap = a.data<float>();
  const float* bp = b.data<float>();
  float* yp = y.data<float>();
  const int64_t M = s.M, K = s.K, N = s.N;
  st.mm.run(
      ctx, s.batches(), M, K, [&](int64_t bi) { return ap + s.a_offset[static_cast<size_t>(bi)] * M * K; },
      [&](int64_t bi) { return bp + s.b_offset[static_cast<size_t>(bi)] * K * N; },
      [&](int64_t bi) { return yp + bi * M * N; });
  ctx.set_output(0, std::move(y));
}

void matmul_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (a.dtype() != b.dtype()) ctx.fail("operands have different element types", "cast them to one type");
  const MatMulShape s = matmul_shape(ctx, a.dims(), b.dims());
  if (a.dtype() == DType::Float32 && s.K > 0 && graph::element_count(s.y_full) > 0)
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
  RowChunkedMatMul mm;
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
    if (st.a_dims != a.dims() || st.b_dims != b.dims() || st.with_sum != use_c) {
      st.mm = RowChunkedMatMul{};
      st.mm.K = K;
      st.mm.N = N;
      st.mm.trans_a = ta;
      st.mm.trans_b = tb;
      st.mm.lda = ta ? M : K;
      st.mm.ldb = tb ? K : N;
      st.mm.alpha = alpha;
      st.mm.accumulate = use_c;
      st.a_dims = a.dims();
      st.b_dims = b.dims();
      st.with_sum = use_c;
    }
    const float* ap = a.data<float>();
    const float* bp = b.data<float>();
    float* yp = y.data<float>();
    st.mm.run(
        ctx, 1, M, ta ? 1 : K, [&](int64_t) { return ap; }, [&](int64_t) { return bp; }, [&](int64_t) { return yp; });
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
