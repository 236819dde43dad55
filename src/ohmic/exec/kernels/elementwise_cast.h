#pragma once
// Element type conversion between every stored type: float32/64, all integer widths, bool, float16 and bfloat16.
// Float to integer truncates toward zero and saturates (NaN gives 0); integer to narrower integer wraps (C++);
// anything to bool is "!= 0"; float16/bfloat16 round to nearest even, overflow to infinity and keep NaN.
#include <cstdint>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

uint16_t float_to_half(float f);
float half_to_float(uint16_t h);
uint16_t float_to_bfloat16(float f);
float bfloat16_to_float(uint16_t b);

// x converted to element type `to` (a new tensor; the same tensor when the type already matches).
Tensor cast_tensor(const KernelContext& ctx, const Tensor& x, DType to);

}  // namespace ohmic::exec
