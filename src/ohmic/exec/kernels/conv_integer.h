#pragma once
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

// ConvInteger: int32 = conv(x - x_zero_point, w - w_zero_point[m]), exact.
void conv_integer_kernel(KernelContext& ctx);
// QLinearConv: requantize(conv(x - x_zp, w - w_zp[m]) + B[m], x_scale * w_scale[m] / y_scale, y_zp), exact
// accumulation, round half to even, saturation to y's type.
void qlinear_conv_kernel(KernelContext& ctx);

}  // namespace ohmic::exec
