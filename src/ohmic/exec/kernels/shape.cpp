// Shape kernels: Reshape (0 copies a dimension unless allowzero, -1 infers one), Flatten, Squeeze and Unsqueeze
// (axes as attribute before opset 13, as input from 13), Transpose (default: reversed axes) and Expand. Reshape-like
// ops share the input buffer; the others copy by element size, so every element type works. Slice, Split, Concat and
// Gather live in shape_slice.cpp.
#include <algorithm>
#include <limits>
#include <numeric>

#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/broadcast.h"
#include "ohmic/exec/kernels/shape_kernels.h"
#include "ohmic/exec/kernels/shape_util.h"

namespace ohmic::exec {
namespace {

using graph::OpKind;

void reshape_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const std::vector<int64_t> shape = int_list_input(ctx, 1, "shape");
  const bool allowzero = ctx.node().attr_int("allowzero", 0) != 0;
  Dims out;
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t v = shape[i];
    if (v == 0 && !allowzero) {
      if (static_cast<int64_t>(i) >= x.rank())
        ctx.fail("shape " + graph::dims_str(shape) + " copies dimension " + std::to_string(i) +
                 " (a 0), but the input " + graph::dims_str(x.dims()) + " has rank " + std::to_string(x.rank()));
      v = x.dims()[i];
    }
    if (v == -1) {
      if (infer >= 0) ctx.fail("shape " + graph::dims_str(shape) + " has more than one -1", "infer at most one dimension");
      infer = static_cast<int>(i);
      out.push_back(1);
      continue;
    }
    if (v < 0) ctx.fail("shape " + graph::dims_str(shape) + " has a negative dimension " + std::to_string(v));
    if (v != 0 && known > std::numeric_limits<int64_t>::max() / v)
      ctx.fail("shape " + graph::dims_str(shape) + " has more elements than fit in 64 bits");
    known *= v;
    out.push_back(v);
  }
  if (infer >= 0) {
    if (known == 0 || x.numel() % known != 0)
      ctx.fail("cannot infer the -1 in shape " + graph::dims_str(shape) + " for an input of shape " +
                   graph::dims_str(x.dims()) + " (" + std::to_string(x.numel()) + " elements)",
               "make the other dimensions divide the element count");
    out[static_cast<size_t>(infer)] = x.numel() / known;
  } else if (known != x.numel()) {
    ctx.fail("shape " + graph::dims_str(shape) + " holds " + std::to_string(known) + " elements, the input " +
                 graph::dims_str(x.dims()) + " holds " + std::to_string(x.numel()),
             "give a shape with the same element count");
  }
  ctx.set_output(0, x.reshaped(std::move(out)));
}

void flatten_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  int64_t axis = ctx.node().attr_int("axis", 1);
  if (axis < -x.rank() || axis > x.rank())
    ctx.fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(x.rank()),
             "use a value in [" + std::to_string(-x.rank()) + ", " + std::to_string(x.rank()) + "]");
  if (axis < 0) axis += x.rank();
  int64_t rows = 1;
  for (int64_t d = 0; d < axis; ++d) rows *= x.dims()[static_cast<size_t>(d)];
  const int64_t cols = rows == 0 ? 0 : x.numel() / rows;
  Dims out{rows, cols};
  if (rows == 0) {  // keep the trailing product even when a leading dimension is 0
    out[1] = 1;
    for (int64_t d = axis; d < x.rank(); ++d) out[1] *= x.dims()[static_cast<size_t>(d)];
  }
  ctx.set_output(0, x.reshaped(std::move(out)));
}

void squeeze_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const auto axes = axes_input_or_attr(ctx, 1);
  std::vector<bool> drop(static_cast<size_t>(x.rank()), false);
  if (!axes || axes->empty()) {
    for (int d = 0; d < x.rank(); ++d) drop[static_cast<size_t>(d)] = x.dims()[static_cast<size_t>(d)] == 1;
  } else {
    for (int64_t a : normalize_axes(ctx, *axes, x.rank())) {
      if (x.dims()[static_cast<size_t>(a)] != 1)
        ctx.fail("cannot squeeze axis " + std::to_string(a) + " of shape " + graph::dims_str(x.dims()) +
                     ": its size is not 1",
                 "squeeze only axes of size 1");
      drop[static_cast<size_t>(a)] = true;
    }
  }
  Dims out;
  for (int d = 0; d < x.rank(); ++d)
    if (!drop[static_cast<size_t>(d)]) out.push_back(x.dims()[static_cast<size_t>(d)]);
  ctx.set_output(0, x.reshaped(std::move(out)));
}

void unsqueeze_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const auto axes = axes_input_or_attr(ctx, 1);
  if (!axes || axes->empty()) ctx.fail("no axes given", "give the axes to insert (input 1, or attribute before opset 13)");
  const int64_t out_rank = x.rank() + static_cast<int64_t>(axes->size());
  std::vector<bool> inserted(static_cast<size_t>(out_rank), false);
  for (int64_t a : normalize_axes(ctx, *axes, out_rank)) inserted[static_cast<size_t>(a)] = true;
  Dims out;
  size_t next = 0;
  for (int64_t d = 0; d < out_rank; ++d) out.push_back(inserted[static_cast<size_t>(d)] ? 1 : x.dims()[next++]);
  ctx.set_output(0, x.reshaped(std::move(out)));
}

void transpose_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const int64_t r = x.rank();
  std::vector<int64_t> perm(static_cast<size_t>(r));
  std::iota(perm.rbegin(), perm.rend(), int64_t{0});
  if (ctx.node().has("perm")) perm = ctx.node().attr_ints("perm");
  if (static_cast<int64_t>(perm.size()) != r)
    ctx.fail("perm " + graph::dims_str(perm) + " has " + std::to_string(perm.size()) + " entries for an input of rank " +
             std::to_string(r));
  perm = normalize_axes(ctx, perm, r, "perm");
  const Dims in_strides = contiguous_strides(x.dims());
  Dims out_dims, src_strides;
  for (int64_t p : perm) {
    out_dims.push_back(x.dims()[static_cast<size_t>(p)]);
    src_strides.push_back(in_strides[static_cast<size_t>(p)]);
  }
  Tensor out(x.dtype(), out_dims);
  strided_copy(graph::dtype_size(x.dtype()), out_dims, element_ptr(x, 0), src_strides, element_ptr(out, 0),
               contiguous_strides(out_dims));
  ctx.set_output(0, std::move(out));
}

void expand_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Dims shape = int_list_input(ctx, 1, "shape");
  for (int64_t d : shape)
    if (d < 0) ctx.fail("shape " + graph::dims_str(shape) + " has a negative dimension");
  const Dims out_dims = broadcast_dims(ctx, {&x.dims(), &shape});
  Tensor out(x.dtype(), out_dims);
  strided_copy(graph::dtype_size(x.dtype()), out_dims, element_ptr(x, 0), broadcast_strides(x.dims(), out_dims),
               element_ptr(out, 0), contiguous_strides(out_dims));
  ctx.set_output(0, std::move(out));
}

}  // namespace

void register_shape_kernels(KernelRegistry& r) {
  r.add(OpKind::Reshape, reshape_kernel);
  r.add(OpKind::Flatten, flatten_kernel);
  r.add(OpKind::Squeeze, squeeze_kernel);
  r.add(OpKind::Unsqueeze, unsqueeze_kernel);
  r.add(OpKind::Transpose, transpose_kernel);
  r.add(OpKind::Expand, expand_kernel);
  r.add(OpKind::Slice, slice_kernel);
  r.add(OpKind::Split, split_kernel);
  r.add(OpKind::Concat, concat_kernel);
  r.add(OpKind::Gather, gather_kernel);
}

}  // namespace ohmic::exec
