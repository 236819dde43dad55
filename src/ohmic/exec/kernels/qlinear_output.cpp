#include "ohmic/exec/kernels/qlinear_output.h"

#include "ohmic/exec/kernels/quant_params.h"

namespace ohmic::exec {

QLinearOutput qlinear_output(const KernelContext& ctx, const std::string& x_name, const std::string& w_name) {
  const Tensor& y_zp = ctx.input(7);
  require_8bit(ctx, ctx.input(0), x_name);
  require_8bit(ctx, ctx.input(3), w_name);
  require_8bit(ctx, y_zp, "y_zero_point");
  if (ctx.input(6).numel() != 1 || y_zp.numel() != 1) ctx.fail("y_scale and y_zero_point must be scalars");
  QLinearOutput out;
  out.scale = scales(ctx, ctx.input(6), 1, "y_scale")[0];
  out.zero_point = y_zp.to_int64s()[0];
  out.dtype = y_zp.dtype();
  return out;
}

}  // namespace ohmic::exec
