#include "ohmic/exec/kernels/conv_shape.h"

namespace ohmic::exec {

ConvShape conv_shape(const KernelContext& ctx, const Tensor& x, const Tensor& w) {
  ConvShape s;
  s.group = ctx.node().attr_int("group", 1);
  if (s.group < 1) ctx.fail("attribute 'group' must be >= 1, got " + std::to_string(s.group));
  if (w.rank() != x.rank())
    ctx.fail("weights " + graph::dims_str(w.dims()) + " and input " + graph::dims_str(x.dims()) +
                 " must have the same rank",
             "weights are [M, C/group, k...] for input [N, C, D...]");
  if (x.rank() < 3) ctx.fail("input " + graph::dims_str(x.dims()) + " needs at least one spatial dimension");
  s.out_channels = w.dim(0);
  if (x.dim(1) != w.dim(1) * s.group)
    ctx.fail("input has " + std::to_string(x.dim(1)) + " channels but weights " + graph::dims_str(w.dims()) +
                 " with group " + std::to_string(s.group) + " expect " + std::to_string(w.dim(1) * s.group),
             "check the channel count and 'group'");
  if (s.out_channels % s.group != 0)
    ctx.fail(std::to_string(s.out_channels) + " output channels are not divisible by group " + std::to_string(s.group));
  std::vector<int64_t> kernel(w.dims().begin() + 2, w.dims().end());
  std::vector<int64_t> attr = ctx.node().attr_ints("kernel_shape", {});
  if (!attr.empty() && attr != kernel)
    ctx.fail("attribute 'kernel_shape' " + graph::dims_str(attr) + " disagrees with weights " +
                 graph::dims_str(w.dims()),
             "drop kernel_shape or make it match the weights");
  s.geo = window_geometry(ctx, x.dims(), kernel);
  s.y_dims = s.geo.output_dims(s.out_channels);
  return s;
}

}  // namespace ohmic::exec
