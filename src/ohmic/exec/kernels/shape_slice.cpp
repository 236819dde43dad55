// Slice (starts/ends/axes/steps as inputs from opset 10, as attributes before; negative and out-of-range bounds
// clamped as the ONNX spec says), Split (sizes from input (opset 13), attribute, or an equal split by output count;
// opset 18's num_outputs), Concat and Gather (any axis, negative indices). All copy by element size.
#include <algorithm>
#include <cstring>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/shape_kernels.h"
#include "ohmic/exec/kernels/shape_util.h"

namespace ohmic::exec {
namespace {

// Slice parameter from input `i` (opset 10+) or attribute `name` (opset 1); nullopt when neither is given.
std::optional<std::vector<int64_t>> slice_param(const KernelContext& ctx, size_t i, const char* name) {
  if (ctx.has_input(i)) return int_list_input(ctx, i, name);
  if (ctx.node().has(name)) return ctx.node().attr_ints(name);
  return std::nullopt;
}

int64_t ceil_div(int64_t a, int64_t b) { return a / b + ((a % b != 0) && ((a > 0) == (b > 0)) ? 1 : 0); }

// Copies the `count`-long block starting at `start` along `axis` of x into a new tensor.
Tensor axis_block(const Tensor& x, int64_t axis, int64_t start, int64_t count) {
  Dims dims = x.dims();
  dims[static_cast<size_t>(axis)] = count;
  Tensor out(x.dtype(), dims);
  const Dims strides = contiguous_strides(x.dims());
  strided_copy(graph::dtype_size(x.dtype()), dims, element_ptr(x, start * strides[static_cast<size_t>(axis)]), strides,
               element_ptr(out, 0), contiguous_strides(dims));
  return out;
}

}  // namespace

void slice_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const auto starts = slice_param(ctx, 1, "starts");
  const auto ends = slice_param(ctx, 2, "ends");
  if (!starts || !ends) ctx.fail("starts and ends are required", "give them as inputs 1 and 2 (attributes before opset 10)");
  if (starts->size() != ends->size())
    ctx.fail("starts has " + std::to_string(starts->size()) + " entries, ends has " + std::to_string(ends->size()));
  std::vector<int64_t> axes(starts->size());
  for (size_t i = 0; i < axes.size(); ++i) axes[i] = static_cast<int64_t>(i);
  if (auto a = slice_param(ctx, 3, "axes")) axes = *a;
  std::vector<int64_t> steps(starts->size(), 1);
  if (ctx.has_input(4)) steps = int_list_input(ctx, 4, "steps");
  if (axes.size() != starts->size() || steps.size() != starts->size())
    ctx.fail("starts, ends, axes and steps must have equal lengths (got " + std::to_string(starts->size()) + ", " +
             std::to_string(ends->size()) + ", " + std::to_string(axes.size()) + ", " + std::to_string(steps.size()) + ")");
  axes = normalize_axes(ctx, axes, x.rank());

  Dims out_dims = x.dims();
  Dims src_strides = contiguous_strides(x.dims());
  int64_t offset = 0;
  for (size_t i = 0; i < axes.size(); ++i) {
    const size_t a = static_cast<size_t>(axes[i]);
    const int64_t dim = x.dims()[a], step = steps[i];
    if (step == 0) ctx.fail("step for axis " + std::to_string(a) + " is 0", "use a non-zero step");
    int64_t start = (*starts)[i], end = (*ends)[i];
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    int64_t count;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      count = end > start ? ceil_div(end - start, step) : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, std::max<int64_t>(dim - 1, 0));
      end = std::clamp<int64_t>(end, -1, dim - 1);
      count = start > end ? ceil_div(start - end, -step) : 0;
    }
    if (dim == 0) count = 0;
    out_dims[a] = count;
    if (count > 0) offset += start * src_strides[a];
    src_strides[a] *= step;
  }
  Tensor out(x.dtype(), out_dims);
  if (out.numel() > 0)
    strided_copy(graph::dtype_size(x.dtype()), out_dims, element_ptr(x, offset), src_strides, element_ptr(out, 0),
                 contiguous_strides(out_dims));
  ctx.set_output(0, std::move(out));
}

void split_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  if (x.rank() == 0) ctx.fail("cannot split a scalar", "give a tensor of rank >= 1");
  const int64_t axis = normalize_axis(ctx, ctx.node().attr_int("axis", 0), x.rank());
  const int64_t dim = x.dims()[static_cast<size_t>(axis)];
  const int64_t parts = static_cast<int64_t>(ctx.num_outputs());
  std::vector<int64_t> sizes;
  if (ctx.has_input(1)) {
    sizes = int_list_input(ctx, 1, "split");
  } else if (ctx.node().has("split")) {
    sizes = ctx.node().attr_ints("split");
  } else if (ctx.node().has("num_outputs")) {
    // Opset 18: chunks of ceil(dim / n); the last one may be smaller.
    const int64_t n = ctx.node().attr_int("num_outputs", parts);
    if (n != parts) ctx.fail("num_outputs is " + std::to_string(n) + " but the node has " + std::to_string(parts) + " outputs");
    const int64_t chunk = (dim + n - 1) / n;
    for (int64_t i = 0; i < n; ++i) sizes.push_back(std::clamp<int64_t>(dim - i * chunk, 0, chunk));
  } else {
    if (parts == 0 || dim % parts != 0)
      ctx.fail("axis " + std::to_string(axis) + " of size " + std::to_string(dim) + " does not split into " +
                   std::to_string(parts) + " equal parts",
               "give the split sizes");
    sizes.assign(static_cast<size_t>(parts), dim / parts);
  }
  if (static_cast<int64_t>(sizes.size()) != parts)
    ctx.fail("split has " + std::to_string(sizes.size()) + " sizes for " + std::to_string(parts) + " outputs");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0) ctx.fail("split size " + std::to_string(s) + " is negative");
    total += s;
  }
  if (total != dim)
    ctx.fail("split sizes " + graph::dims_str(sizes) + " add up to " + std::to_string(total) + ", but axis " +
                 std::to_string(axis) + " has size " + std::to_string(dim),
             "make the sizes add up to the axis size");
  int64_t start = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    ctx.set_output(i, axis_block(x, axis, start, sizes[i]));
    start += sizes[i];
  }
}

void concat_kernel(KernelContext& ctx) {
  if (ctx.num_inputs() == 0) ctx.fail("no inputs");
  const Tensor& first = ctx.input(0);
  if (first.rank() == 0) ctx.fail("cannot concatenate scalars", "give tensors of rank >= 1");
  if (!ctx.node().has("axis")) ctx.fail("attribute 'axis' is required");
  const int64_t axis = normalize_axis(ctx, ctx.node().attr_int("axis", 0), first.rank());
  Dims out_dims = first.dims();
  out_dims[static_cast<size_t>(axis)] = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != first.dtype())
      ctx.fail("input " + std::to_string(i) + " has type " + std::string(graph::dtype_name(t.dtype())) + ", input 0 has " +
               std::string(graph::dtype_name(first.dtype())));
    bool same = t.rank() == first.rank();
    for (int d = 0; same && d < t.rank(); ++d) same = d == axis || t.dims()[static_cast<size_t>(d)] == first.dims()[static_cast<size_t>(d)];
    if (!same)
      ctx.fail("input " + std::to_string(i) + " has shape " + graph::dims_str(t.dims()) + ", incompatible with input 0 " +
                   graph::dims_str(first.dims()) + " for concatenation along axis " + std::to_string(axis),
               "inputs must match in every dimension except the axis");
    out_dims[static_cast<size_t>(axis)] += t.dims()[static_cast<size_t>(axis)];
  }
  Tensor out(first.dtype(), out_dims);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= out_dims[static_cast<size_t>(d)];
  for (int64_t d = axis + 1; d < first.rank(); ++d) inner *= out_dims[static_cast<size_t>(d)];
  const int64_t out_row = out_dims[static_cast<size_t>(axis)] * inner;
  int64_t col = 0;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) {
    const Tensor& t = ctx.input(i);
    const int64_t row = t.dims()[static_cast<size_t>(axis)] * inner;
    strided_copy(graph::dtype_size(t.dtype()), {outer, row}, element_ptr(t, 0), {row, 1}, element_ptr(out, col),
                 {out_row, 1});
    col += row;
  }
  ctx.set_output(0, std::move(out));
}

void gather_kernel(KernelContext& ctx) {
  const Tensor& data = ctx.input(0);
  const Tensor& indices = ctx.input(1);
  if (indices.dtype() != DType::Int32 && indices.dtype() != DType::Int64)
    ctx.fail("indices must be int32 or int64, got " + std::string(graph::dtype_name(indices.dtype())));
  if (data.rank() == 0) ctx.fail("cannot gather from a scalar", "give data of rank >= 1");
  const int64_t axis = normalize_axis(ctx, ctx.node().attr_int("axis", 0), data.rank());
  const int64_t dim = data.dims()[static_cast<size_t>(axis)];
  std::vector<int64_t> idx = indices.to_int64s();
  for (int64_t& i : idx) {
    if (i < -dim || i >= dim)
      ctx.fail("index " + std::to_string(i) + " is out of range for axis " + std::to_string(axis) + " of size " +
                   std::to_string(dim),
               "use indices in [" + std::to_string(-dim) + ", " + std::to_string(dim - 1) + "]");
    if (i < 0) i += dim;
  }
  Dims out_dims(data.dims().begin(), data.dims().begin() + axis);
  out_dims.insert(out_dims.end(), indices.dims().begin(), indices.dims().end());
  out_dims.insert(out_dims.end(), data.dims().begin() + axis + 1, data.dims().end());
  Tensor out(data.dtype(), out_dims);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= data.dims()[static_cast<size_t>(d)];
  for (int64_t d = axis + 1; d < data.rank(); ++d) inner *= data.dims()[static_cast<size_t>(d)];
  const int64_t n = static_cast<int64_t>(idx.size());
  const size_t block = static_cast<size_t>(inner) * graph::dtype_size(data.dtype());
  const std::byte* src = element_ptr(data, 0);
  std::byte* dst = element_ptr(out, 0);
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, inner));
  parallel_for(outer * n, grain, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      const int64_t o = r / n, j = r % n;
      std::memcpy(dst + static_cast<size_t>(r) * block,
                  src + (static_cast<size_t>(o * dim + idx[static_cast<size_t>(j)])) * block, block);
    }
  });
  ctx.set_output(0, std::move(out));
}

}  // namespace ohmic::exec
