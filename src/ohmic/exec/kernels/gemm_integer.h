#pragma once
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

// MatMulInteger: int32 = (A - a_zero_point[row]) x (B - b_zero_point[col]), exact, numpy batch broadcasting.
void matmul_integer_kernel(KernelContext& ctx);
// QLinearMatMul: requantize((A - a_zp) x (B - b_zp), a_scale * b_scale[col] / y_scale, y_zp), exact accumulation.
void qlinear_matmul_kernel(KernelContext& ctx);

}  // namespace ohmic::exec
