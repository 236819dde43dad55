#include "ohmic/exec/kernels/gemm_integer.h"

#include "ohmic/exec/kernels/gemm_shape.h"
#include "ohmic/exec/kernels/integer_operands.h"
#include "ohmic/exec/kernels/quant_math.h"
#include "ohmic/exec/kernels/quant_params.h"

namespace ohmic::exec {

namespace {

// Exact (A - a_zp[row]) x (B - b_zp[col]) as int64 per result element. a_zp holds M values (per row, or one
// repeated), b_zp N values (per column). Accumulates in int32 when K * 255 * 255 fits, else int64.
std::vector<int64_t> integer_matmul(const MatMulShape& s, const Tensor& a, const Tensor& b,
                                    const std::vector<int64_t>& a_zp, const std::vector<int64_t>& b_zp) {
  auto run = [&](auto zero) {
    using A = decltype(zero);
    // A rows: zero point index = (i / K) % M; B columns: index = i % N.
    std::vector<A> as = shifted<A>(a, a_zp, s.K);
    std::vector<A> bs = shifted<A>(b, b_zp, 1);
    std::vector<A> y(static_cast<size_t>(graph::element_count(s.y_full)), A{0});
    loop_matmul<A>(s, as.data(), bs.data(), y.data());
    return std::vector<int64_t>(y.begin(), y.end());
  };
  if (s.K * 255 * 255 > int64_t{INT32_MAX}) return run(int64_t{0});
  return run(int32_t{0});
}

// A zero point or scale that is per row of A must have M elements (and A's rows then use index (i / K) % M).
int64_t a_rows(const MatMulShape& s) { return s.M; }

}  // namespace

void matmul_integer_kernel(KernelContext& ctx) {
  const auto [a, b] = integer_operands(ctx, 1, "A", "B");
  const MatMulShape s = matmul_shape(ctx, a.dims(), b.dims());
  const auto a_zp = optional_zero_points(ctx, 2, a.dtype(), a_rows(s), "a_zero_point");
  const auto b_zp = optional_zero_points(ctx, 3, b.dtype(), s.N, "b_zero_point");
  const std::vector<int64_t> acc = integer_matmul(s, a, b, a_zp, b_zp);
  ctx.set_output(0, int32_output(s.y_dims, [&](int64_t i) { return acc[static_cast<size_t>(i)]; }));
}

void qlinear_matmul_kernel(KernelContext& ctx) {
  const auto [a, b] = integer_operands(ctx, 3, "a", "b");
  const QLinearOutput out = qlinear_output(ctx);
  const MatMulShape s = matmul_shape(ctx, a.dims(), b.dims());
  const auto a_scale = scales(ctx, ctx.input(1), a_rows(s), "a_scale");
  const auto a_zp = zero_points(ctx, &ctx.input(2), a.dtype(), a_rows(s), "a_zero_point");
  const auto b_scale = scales(ctx, ctx.input(4), s.N, "b_scale");
  const auto b_zp = zero_points(ctx, &ctx.input(5), b.dtype(), s.N, "b_zero_point");
  const std::vector<int64_t> acc = integer_matmul(s, a, b, a_zp, b_zp);
  ctx.set_output(0, requantized_output(
                        out, s.y_dims, [&](int64_t i) { return acc[static_cast<size_t>(i)]; },
                        [&](int64_t i) {
                          const auto row = static_cast<size_t>((i / s.N) % s.M), col = static_cast<size_t>(i % s.N);
                          return requant_multiplier(a_scale[row], b_scale[col], out.scale);
                        }));
}

}  // namespace ohmic::exec
