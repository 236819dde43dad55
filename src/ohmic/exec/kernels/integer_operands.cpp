#include "ohmic/exec/kernels/integer_operands.h"

#include "ohmic/exec/kernels/quant_params.h"

namespace ohmic::exec {

IntegerOperands integer_operands(const KernelContext& ctx, size_t w_index, const std::string& x_name,
                                 const std::string& w_name) {
  const Tensor& x = ctx.input(0);
  const Tensor& w = ctx.input(w_index);
  require_8bit(ctx, x, x_name);
  require_8bit(ctx, w, w_name);
  return {x, w};
}

std::vector<int64_t> optional_zero_points(const KernelContext& ctx, size_t index, DType data_type, int64_t count,
                                          const std::string& name) {
  return zero_points(ctx, ctx.has_input(index) ? &ctx.input(index) : nullptr, data_type, count, name);
}

QLinearOutput qlinear_output(const KernelContext& ctx) {
  const Tensor& y_zp = ctx.input(7);
  require_8bit(ctx, y_zp, "y_zero_point");
  if (ctx.input(6).numel() != 1 || y_zp.numel() != 1) ctx.fail("y_scale and y_zero_point must be scalars");
  QLinearOutput out;
  out.scale = scales(ctx, ctx.input(6), 1, "y_scale")[0];
  out.zero_point = y_zp.to_int64s()[0];
  out.dtype = y_zp.dtype();
  return out;
}

}  // namespace ohmic::exec
