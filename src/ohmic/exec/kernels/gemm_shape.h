#pragma once
// numpy-style matrix-product shapes (MatMul, MatMulInteger, QLinearMatMul): a 1-D first operand is a row vector
// whose M axis is dropped from the result, a 1-D second operand a column vector whose N axis is dropped, and batch
// dimensions broadcast. Also a plain loop over the batches for the paths that do not go through oneDNN (exact
// integer products, float64): each output row is summed by one thread in ascending k, so the result does not
// depend on the thread count.
#include <cstdint>
#include <type_traits>
#include <vector>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

struct MatMulShape {
  int64_t M = 0, K = 0, N = 0;
  Dims batch;                      // broadcast batch dims of the result
  Dims a_full, b_full, y_full;     // operands and result at equal rank >= 2 (1-D operands promoted)
  Dims y_dims;                     // the ONNX result shape (promoted axes removed)
  std::vector<int64_t> a_offset, b_offset;  // per result batch: index of the A / B matrix it reads
  int64_t batches() const { return static_cast<int64_t>(a_offset.size()); }
};

MatMulShape matmul_shape(const KernelContext& ctx, const Dims& a, const Dims& b);

// y[batch] = a[a_offset] x b[b_offset], y zero-filled by the caller. Integral A accumulates with wrap-around
// (unsigned arithmetic), as fixed-width integer matrix products do.
template <class A, bool = std::is_integral_v<A>>
struct WrapAcc {
  using type = A;
};
template <class A>
struct WrapAcc<A, true> {
  using type = std::make_unsigned_t<A>;
};

template <class A>
void loop_matmul(const MatMulShape& s, const A* a, const A* b, A* y) {
  using Acc = typename WrapAcc<A>::type;
  const int64_t M = s.M, K = s.K, N = s.N;
  parallel_for(s.batches() * M, 4, [&](int64_t begin, int64_t end) {
    std::vector<Acc> row(static_cast<size_t>(N));
    for (int64_t r = begin; r < end; ++r) {
      const int64_t bi = r / M, i = r % M;
      const A* ap = a + (s.a_offset[static_cast<size_t>(bi)] * M + i) * K;
      const A* bp = b + s.b_offset[static_cast<size_t>(bi)] * K * N;
      std::fill(row.begin(), row.end(), Acc{0});
      for (int64_t k = 0; k < K; ++k) {
        const Acc av = static_cast<Acc>(ap[k]);
        const A* brow = bp + k * N;
        for (int64_t j = 0; j < N; ++j) row[static_cast<size_t>(j)] += av * static_cast<Acc>(brow[j]);
      }
      A* yp = y + r * N;
      for (int64_t j = 0; j < N; ++j) yp[j] = static_cast<A>(row[static_cast<size_t>(j)]);
    }
  });
}

}  // namespace ohmic::exec
