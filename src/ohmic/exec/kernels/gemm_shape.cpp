#include "ohmic/exec/kernels/gemm_shape.h"

namespace ohmic::exec {

MatMulShape matmul_shape(const KernelContext& ctx, const Dims& a_in, const Dims& b_in) {
  if (a_in.empty() || b_in.empty())
    ctx.fail("matrix product of a scalar (shapes " + graph::dims_str(a_in) + " and " + graph::dims_str(b_in) + ")",
             "operands need at least one dimension");
  MatMulShape s;
  Dims a = a_in, b = b_in;
  const bool a_vec = a.size() == 1, b_vec = b.size() == 1;
  if (a_vec) a.insert(a.begin(), 1);
  if (b_vec) b.push_back(1);
  s.M = a[a.size() - 2];
  s.K = a.back();
  s.N = b.back();
  if (b[b.size() - 2] != s.K)
    ctx.fail("inner dimensions differ: " + graph::dims_str(a_in) + " x " + graph::dims_str(b_in),
             "the last axis of A must equal the second-to-last axis of B");
  const size_t rank = std::max(a.size(), b.size());
  a.insert(a.begin(), rank - a.size(), 1);
  b.insert(b.begin(), rank - b.size(), 1);
  const size_t nb = rank - 2;
  s.batch.resize(nb);
  for (size_t i = 0; i < nb; ++i) {
    if (a[i] != b[i] && a[i] != 1 && b[i] != 1)
      ctx.fail("batch dimensions do not broadcast: " + graph::dims_str(a_in) + " x " + graph::dims_str(b_in));
    s.batch[i] = a[i] == 1 ? b[i] : a[i];
  }
  s.a_full = a;
  s.b_full = b;
  s.y_full = s.batch;
  s.y_full.push_back(s.M);
  s.y_full.push_back(s.N);
  s.y_dims = s.batch;
  if (!a_vec) s.y_dims.push_back(s.M);
  if (!b_vec) s.y_dims.push_back(s.N);
  const int64_t total = graph::element_count(s.batch);
  s.a_offset.resize(static_cast<size_t>(total));
  s.b_offset.resize(static_cast<size_t>(total));
  for (int64_t t = 0; t < total; ++t) {
    int64_t rem = t, ao = 0, bo = 0, astride = 1, bstride = 1;
    for (size_t i = nb; i-- > 0;) {
      const int64_t idx = rem % s.batch[i];
      rem /= s.batch[i];
      if (a[i] != 1) ao += idx * astride;
      if (b[i] != 1) bo += idx * bstride;
      astride *= a[i];
      bstride *= b[i];
    }
    s.a_offset[static_cast<size_t>(t)] = ao;
    s.b_offset[static_cast<size_t>(t)] = bo;
  }
  return s;
}

}  // namespace ohmic::exec
