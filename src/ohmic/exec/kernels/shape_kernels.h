#pragma once
// Shape kernels defined outside shape.cpp (registered by register_shape_kernels; Pad by register_misc_kernels).
// All of them copy elements by size, so they serve every stored element type, bool and float16 included.
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

void slice_kernel(KernelContext& ctx);   // shape_slice.cpp
void split_kernel(KernelContext& ctx);   // shape_slice.cpp
void concat_kernel(KernelContext& ctx);  // shape_slice.cpp
void gather_kernel(KernelContext& ctx);  // shape_slice.cpp
void pad_kernel(KernelContext& ctx);     // shape_pad.cpp (registered by register_misc_kernels)

}  // namespace ohmic::exec
