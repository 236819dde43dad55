#pragma once
// Shape checks shared by Conv, ConvInteger and QLinearConv: x [N, C, spatial...], w [M, C/group, k...].
#include "ohmic/exec/kernels/conv_geometry.h"

namespace ohmic::exec {

struct ConvShape {
  WindowGeometry geo;
  int64_t out_channels = 0;
  int64_t group = 1;
  Dims y_dims;
};

// Reads 'group' and 'kernel_shape', checks them against the weights and input, and computes the geometry.
ConvShape conv_shape(const KernelContext& ctx, const Tensor& x, const Tensor& w);

}  // namespace ohmic::exec
