// Pad: constant, reflect, edge and wrap modes; pads and constant_value as inputs from opset 11 (axes from opset 18),
// as attributes before. Negative pads crop. Each output dimension gets a table mapping output index to input index
// (or "constant"), so every mode and every element type share one copy loop.
#include <cstring>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/elementwise_cast.h"
#include "ohmic/exec/kernels/shape_kernels.h"
#include "ohmic/exec/kernels/shape_util.h"

namespace ohmic::exec {
namespace {

enum class PadMode { Constant, Reflect, Edge, Wrap };

PadMode pad_mode(const KernelContext& ctx) {
  const std::string m = ctx.node().attr_string("mode", "constant");
  if (m == "constant") return PadMode::Constant;
  if (m == "reflect") return PadMode::Reflect;
  if (m == "edge") return PadMode::Edge;
  if (m == "wrap") return PadMode::Wrap;
  ctx.fail("unknown mode '" + m + "'", "use constant, reflect, edge or wrap");
}

// Input index read by output index `i` of a dimension of size n padded by `before` (-1: the constant).
int64_t source_index(PadMode mode, int64_t i, int64_t before, int64_t n) {
  const int64_t s = i - before;
  if (s >= 0 && s < n) return s;
  switch (mode) {
    case PadMode::Constant: return -1;
    case PadMode::Edge: return s < 0 ? 0 : n - 1;
    case PadMode::Wrap: return ((s % n) + n) % n;
    case PadMode::Reflect: {
      if (n == 1) return 0;
      const int64_t period = 2 * (n - 1);
      const int64_t j = ((s % period) + period) % period;
      return j < n ? j : period - j;
    }
  }
  return -1;
}

// The pad value as one element of x's type (zero when not given).
Tensor pad_value(const KernelContext& ctx, DType dtype) {
  if (ctx.has_input(2)) {
    const Tensor& v = ctx.input(2);
    if (v.numel() != 1)
      ctx.fail("constant_value (input 2) must be a scalar, got shape " + graph::dims_str(v.dims()));
    if (v.dtype() != dtype)
      ctx.fail("constant_value has type " + std::string(graph::dtype_name(v.dtype())) + ", the data has " +
               std::string(graph::dtype_name(dtype)));
    return v;
  }
  return cast_tensor(ctx, Tensor::scalar<float>(ctx.node().attr_float("value", 0.0f)), dtype);
}

}  // namespace

void pad_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const int64_t r = x.rank();
  const PadMode mode = pad_mode(ctx);
  std::vector<int64_t> pads =
      ctx.has_input(1) ? int_list_input(ctx, 1, "pads") : ctx.node().attr_ints("pads");
  std::vector<int64_t> axes(static_cast<size_t>(r));
  for (int64_t d = 0; d < r; ++d) axes[static_cast<size_t>(d)] = d;
  if (ctx.has_input(3)) axes = normalize_axes(ctx, int_list_input(ctx, 3, "axes"), r);
  if (pads.size() != 2 * axes.size())
    ctx.fail("pads has " + std::to_string(pads.size()) + " values, expected " + std::to_string(2 * axes.size()) +
                 " (begin and end for each of " + std::to_string(axes.size()) + " axes)",
             "give [x1_begin, x2_begin, ..., x1_end, x2_end, ...]");
  std::vector<int64_t> before(static_cast<size_t>(r), 0), after(static_cast<size_t>(r), 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    before[static_cast<size_t>(axes[i])] = pads[i];
    after[static_cast<size_t>(axes[i])] = pads[i + axes.size()];
  }
  Dims out_dims(static_cast<size_t>(r));
  for (size_t d = 0; d < static_cast<size_t>(r); ++d) {
    const int64_t n = x.dims()[d];
    if (__builtin_add_overflow(n, before[d], &out_dims[d]) || __builtin_add_overflow(out_dims[d], after[d], &out_dims[d]))
      ctx.fail("pads " + graph::dims_str(pads) + " overflow the size of axis " + std::to_string(d));
    if (out_dims[d] < 0)
      ctx.fail("pads " + graph::dims_str(pads) + " crop axis " + std::to_string(d) + " of size " + std::to_string(n) +
               " below zero");
    if (mode != PadMode::Constant && n == 0 && out_dims[d] > 0)
      ctx.fail("cannot pad the empty axis " + std::to_string(d) + " in this mode", "use mode 'constant'");
  }
  Tensor out(x.dtype(), out_dims);  // checks the size before any table is built
  if (out.numel() == 0) {
    ctx.set_output(0, std::move(out));
    return;
  }
  const Dims in_strides = contiguous_strides(x.dims());
  std::vector<std::vector<int64_t>> offsets(static_cast<size_t>(r));  // per dim: input offset, or -1 for constant
  for (size_t d = 0; d < static_cast<size_t>(r); ++d) {
    const int64_t n = x.dims()[d];
    offsets[d].resize(static_cast<size_t>(out_dims[d]));
    for (int64_t i = 0; i < out_dims[d]; ++i) {
      const int64_t s = source_index(mode, i, before[d], n);
      offsets[d][static_cast<size_t>(i)] = s < 0 ? -1 : s * in_strides[d];
    }
  }
  const Tensor value = pad_value(ctx, x.dtype());
  const size_t esize = graph::dtype_size(x.dtype());
  const std::byte* src = element_ptr(x, 0);
  const std::byte* fill = element_ptr(value, 0);
  std::byte* dst = element_ptr(out, 0);
  if (r == 0) {
    std::memcpy(dst, src, esize);
    ctx.set_output(0, std::move(out));
    return;
  }
  const int64_t inner = out_dims.back();
  const int64_t rows = inner == 0 ? 0 : out.numel() / inner;
  const std::vector<int64_t>& last = offsets.back();
  parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(1, inner)), [&](int64_t b, int64_t e) {
    for (int64_t row = b; row < e; ++row) {
      int64_t base = 0, rem = row;
      for (size_t d = static_cast<size_t>(r) - 1; d-- > 0 && base >= 0;) {
        const int64_t o = offsets[d][static_cast<size_t>(rem % out_dims[d])];
        rem /= out_dims[d];
        base = o < 0 ? -1 : base + o;
      }
      std::byte* out_row = dst + static_cast<size_t>(row * inner) * esize;
      for (int64_t i = 0; i < inner; ++i) {
        const int64_t o = last[static_cast<size_t>(i)];
        const std::byte* from = (base < 0 || o < 0) ? fill : src + static_cast<size_t>(base + o) * esize;
        std::memcpy(out_row + static_cast<size_t>(i) * esize, from, esize);
      }
    }
  });
  ctx.set_output(0, std::move(out));
}

}  // namespace ohmic::exec
