#include "ohmic/exec/kernels/shape_util.h"

#include <algorithm>
#include <cstring>

#include "ohmic/core/parallel.h"

namespace ohmic::exec {
namespace {

// Copies `n` elements of E bytes with element strides (src_step, dst_step).
template <size_t E>
void copy_run(const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, int64_t n) {
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * dst_step * int64_t{E}, src + i * src_step * int64_t{E}, E);
}

void copy_row(size_t esize, const std::byte* src, int64_t src_step, std::byte* dst, int64_t dst_step, int64_t n) {
  if (src_step == 1 && dst_step == 1) {
    std::memcpy(dst, src, static_cast<size_t>(n) * esize);
    return;
  }
  switch (esize) {
    case 1: return copy_run<1>(src, src_step, dst, dst_step, n);
    case 2: return copy_run<2>(src, src_step, dst, dst_step, n);
    case 4: return copy_run<4>(src, src_step, dst, dst_step, n);
    case 8: return copy_run<8>(src, src_step, dst, dst_step, n);
    default:
      for (int64_t i = 0; i < n; ++i)
        std::memcpy(dst + i * dst_step * static_cast<int64_t>(esize), src + i * src_step * static_cast<int64_t>(esize),
                    esize);
  }
}

}  // namespace

int64_t normalize_axis(const KernelContext& ctx, int64_t axis, int64_t rank, const std::string& what) {
  if (axis < -rank || axis >= rank)
    ctx.fail(what + " " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank),
             "use a value in [" + std::to_string(-rank) + ", " + std::to_string(rank - 1) + "]");
  return axis < 0 ? axis + rank : axis;
}

std::vector<int64_t> normalize_axes(const KernelContext& ctx, const std::vector<int64_t>& axes, int64_t rank,
                                    const std::string& what) {
  std::vector<int64_t> out;
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (int64_t a : axes) {
    int64_t n = normalize_axis(ctx, a, rank, "axis in " + what);
    if (seen[static_cast<size_t>(n)]) ctx.fail(what + " repeat axis " + std::to_string(a), "list each axis once");
    seen[static_cast<size_t>(n)] = true;
    out.push_back(n);
  }
  return out;
}

std::vector<int64_t> int_list_input(const KernelContext& ctx, size_t i, const std::string& what) {
  const Tensor& t = ctx.input(i);
  if (!graph::dtype_is_integer(t.dtype()))
    ctx.fail(what + " (input " + std::to_string(i) + ") must be an integer tensor, got " +
             std::string(graph::dtype_name(t.dtype())));
  return t.to_int64s();
}

std::optional<std::vector<int64_t>> axes_input_or_attr(const KernelContext& ctx, size_t i) {
  if (ctx.has_input(i)) return int_list_input(ctx, i, "axes");
  if (ctx.node().has("axes")) return ctx.node().attr_ints("axes");
  return std::nullopt;
}

double scalar_input(const KernelContext& ctx, size_t i, const std::string& what) {
  const Tensor& t = ctx.input(i);
  if (t.numel() != 1)
    ctx.fail(what + " (input " + std::to_string(i) + ") must hold one value, got shape " + graph::dims_str(t.dims()));
  if (!graph::dtype_is_float(t.dtype()) && !graph::dtype_is_integer(t.dtype()) && t.dtype() != DType::Bool)
    ctx.fail(what + " (input " + std::to_string(i) + ") has unsupported type " + std::string(graph::dtype_name(t.dtype())));
  return t.to_doubles()[0];
}

Dims contiguous_strides(const Dims& dims) {
  Dims s(dims.size(), 1);
  for (size_t d = dims.size(); d-- > 1;) s[d - 1] = s[d] * dims[d];
  return s;
}

void require_storable(const KernelContext& ctx, const Tensor& t, const std::string& what) {
  if (graph::dtype_size(t.dtype()) == 0)
    ctx.fail(what + " has element type " + std::string(graph::dtype_name(t.dtype())) + ", which ohmic does not store");
}

void strided_copy(size_t esize, const Dims& dims, const std::byte* src, const Dims& src_strides, std::byte* dst,
                  const Dims& dst_strides) {
  // Drop unit dimensions and merge neighbours that are contiguous in both views.
  Dims d, ss, ds;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == 0) return;
    if (dims[i] == 1) continue;
    if (!d.empty() && ss.back() == src_strides[i] * dims[i] && ds.back() == dst_strides[i] * dims[i]) {
      d.back() *= dims[i];
      ss.back() = src_strides[i];
      ds.back() = dst_strides[i];
    } else {
      d.push_back(dims[i]);
      ss.push_back(src_strides[i]);
      ds.push_back(dst_strides[i]);
    }
  }
  if (d.empty()) {
    std::memcpy(dst, src, esize);
    return;
  }
  const size_t r = d.size();
  const int64_t inner = d.back();
  int64_t rows = 1;
  for (size_t i = 0; i + 1 < r; ++i) rows *= d[i];
  const int64_t e = static_cast<int64_t>(esize);
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / inner);
  parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    // Multi-index of row `begin` over the outer dimensions, then an odometer.
    Dims idx(r, 0);
    int64_t rem = begin, so = 0, dof = 0;
    for (size_t k = r - 1; k-- > 0;) {
      idx[k] = rem % d[k];
      rem /= d[k];
      so += idx[k] * ss[k];
      dof += idx[k] * ds[k];
    }
    for (int64_t row = begin; row < end; ++row) {
      copy_row(esize, src + so * e, ss.back(), dst + dof * e, ds.back(), inner);
      for (size_t k = r - 1; k-- > 0;) {
        so += ss[k];
        dof += ds[k];
        if (++idx[k] < d[k]) break;
        so -= d[k] * ss[k];
        dof -= d[k] * ds[k];
        idx[k] = 0;
      }
    }
  });
}

}  // namespace ohmic::exec
