// Reductions (ReduceMean ReduceSum ReduceMax over any set of axes, keepdims, noop_with_empty_axes; axes as attribute
// or, from opset 13 for ReduceSum, as input; an empty reduction gives 0, NaN and -inf (lowest for integers)) and Softmax / LogSoftmax along one axis (opset 13 semantics,
// max-subtracted so large inputs stay finite). Each output element is reduced by one thread in a fixed order, and
// float sums accumulate in double, so results do not depend on the thread count.
#include <cmath>
#include <limits>
#include <vector>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/elementwise_util.h"
#include "ohmic/exec/kernels/shape_util.h"

namespace ohmic::exec {
namespace {

using graph::OpKind;

// Input dimensions split into kept and reduced groups; neighbours of the same group are merged.
struct ReduceGeometry {
  Dims out_dims;  // with keepdims applied
  Dims kept_dims, kept_strides;
  Dims red_dims, red_strides;
  int64_t out_count = 1, red_count = 1;
};

ReduceGeometry reduce_geometry(const Dims& in, const std::vector<bool>& reduced, bool keepdims) {
  ReduceGeometry g;
  const Dims strides = contiguous_strides(in);
  int last_group = -1;  // 0 kept, 1 reduced
  for (size_t i = 0; i < in.size(); ++i) {
    const bool r = reduced[i];
    if (r) g.red_count *= in[i];
    else g.out_count *= in[i];
    if (!r || keepdims) g.out_dims.push_back(r ? 1 : in[i]);
    if (in[i] == 1) continue;
    Dims& dims = r ? g.red_dims : g.kept_dims;
    Dims& st = r ? g.red_strides : g.kept_strides;
    if (last_group == static_cast<int>(r)) {
      dims.back() *= in[i];
      st.back() = strides[i];
    } else {
      dims.push_back(in[i]);
      st.push_back(strides[i]);
    }
    last_group = static_cast<int>(r);
  }
  return g;
}

// Calls body(run, n, stride) over the reduced elements of one output, in a fixed order.
template <class T, class Body>
void for_each_reduced_run(const ReduceGeometry& g, const T* base, Body&& body) {
  if (g.red_count == 0) return;
  const size_t r = g.red_dims.size();
  if (r == 0) return body(base, int64_t{1}, int64_t{0});
  const int64_t inner = g.red_dims.back(), step = g.red_strides.back();
  Dims idx(r - 1, 0);
  int64_t off = 0;
  while (true) {
    body(base + off, inner, step);
    size_t k = r - 1;
    for (; k-- > 0;) {
      off += g.red_strides[k];
      if (++idx[k] < g.red_dims[k]) break;
      off -= g.red_dims[k] * g.red_strides[k];
      idx[k] = 0;
    }
    if (k == static_cast<size_t>(-1)) return;
  }
}

// Input offset of the first element reduced into output `o`.
int64_t kept_offset(const ReduceGeometry& g, int64_t o) {
  int64_t off = 0;
  for (size_t k = g.kept_dims.size(); k-- > 0;) {
    off += (o % g.kept_dims[k]) * g.kept_strides[k];
    o /= g.kept_dims[k];
  }
  return off;
}

template <OpKind Op, class T>
T reduce_one(const ReduceGeometry& g, const T* base) {
  if constexpr (Op == OpKind::ReduceMax) {
    T m = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
    for_each_reduced_run(g, base, [&](const T* p, int64_t n, int64_t s) {
      for (int64_t i = 0; i < n; ++i) {
        const T v = p[i * s];
        if constexpr (std::is_floating_point_v<T>) {
          if (v > m || std::isnan(v)) m = v;
        } else {
          if (v > m) m = v;
        }
      }
    });
    return m;
  } else if constexpr (std::is_floating_point_v<T>) {
    double sum = 0;
    for_each_reduced_run(g, base, [&](const T* p, int64_t n, int64_t s) {
      for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(p[i * s]);
    });
    if constexpr (Op == OpKind::ReduceMean) sum /= static_cast<double>(g.red_count);  // 0/0 = NaN for empty sets
    return static_cast<T>(sum);
  } else if constexpr (Op == OpKind::ReduceMean) {
    // Mean of the true (unwrapped) values, truncated toward zero like numpy's mean().astype(); 0 for an empty set.
    if (g.red_count == 0) return T{0};
    double sum = 0;
    for_each_reduced_run(g, base, [&](const T* p, int64_t n, int64_t s) {
      for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(p[i * s]);
    });
    return convert_value<T>(sum / static_cast<double>(g.red_count));
  } else {
    WrapType<T> sum = 0;  // integer sums wrap like the element type
    for_each_reduced_run(g, base, [&](const T* p, int64_t n, int64_t s) {
      for (int64_t i = 0; i < n; ++i) sum = static_cast<WrapType<T>>(sum + static_cast<WrapType<T>>(p[i * s]));
    });
    return static_cast<T>(sum);
  }
}

template <OpKind Op>
void reduce_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const auto axes = axes_input_or_attr(ctx, 1);
  const bool keepdims = ctx.node().attr_int("keepdims", 1) != 0;
  std::vector<bool> reduced(static_cast<size_t>(x.rank()), false);
  if (!axes || axes->empty()) {
    if (ctx.node().attr_int("noop_with_empty_axes", 0) != 0) {
      ctx.set_output(0, x);
      return;
    }
    reduced.assign(reduced.size(), true);
  } else {
    for (int64_t a : normalize_axes(ctx, *axes, x.rank())) reduced[static_cast<size_t>(a)] = true;
  }
  const ReduceGeometry g = reduce_geometry(x.dims(), reduced, keepdims);
  dispatch_numeric(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor out(x.dtype(), g.out_dims);
    const T* px = x.data<T>();
    T* po = out.data<T>();
    const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(1, g.red_count));
    parallel_for(g.out_count, grain, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) po[o] = reduce_one<Op, T>(g, px + kept_offset(g, o));
    });
    ctx.set_output(0, std::move(out));
  });
}

// Softmax of `width` interleaved lines: element j of line i is at x[j * inner + i] (inner = 1: one contiguous
// line). Lines are processed side by side so that strided axes still read memory contiguously.
template <bool Log, class T>
void softmax_lines(const T* x, T* y, int64_t n, int64_t inner, int64_t width) {
  std::vector<T> m(static_cast<size_t>(width), -std::numeric_limits<T>::infinity());
  std::vector<double> sum(static_cast<size_t>(width), 0.0);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < width; ++i) m[static_cast<size_t>(i)] = std::max(m[static_cast<size_t>(i)], x[j * inner + i]);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i < width; ++i) {
      const T ex = std::exp(x[j * inner + i] - m[static_cast<size_t>(i)]);
      if constexpr (!Log) y[j * inner + i] = ex;
      sum[static_cast<size_t>(i)] += static_cast<double>(ex);
    }
  if constexpr (Log) {
    for (double& v : sum) v = std::log(v);
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = 0; i < width; ++i)
        y[j * inner + i] = static_cast<T>(static_cast<double>(x[j * inner + i] - m[static_cast<size_t>(i)]) -
                                          sum[static_cast<size_t>(i)]);
  } else {
    for (int64_t j = 0; j < n; ++j)
      for (int64_t i = 0; i < width; ++i)
        y[j * inner + i] = static_cast<T>(static_cast<double>(y[j * inner + i]) / sum[static_cast<size_t>(i)]);
  }
}

template <bool Log>
void softmax_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const int64_t axis = normalize_axis(ctx, ctx.node().attr_int("axis", -1), std::max(1, x.rank()));
  int64_t outer = 1, inner = 1;
  const int64_t n = x.rank() == 0 ? 1 : x.dims()[static_cast<size_t>(axis)];
  for (int64_t d = 0; d < axis; ++d) outer *= x.dims()[static_cast<size_t>(d)];
  for (int64_t d = axis + 1; d < x.rank(); ++d) inner *= x.dims()[static_cast<size_t>(d)];
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor out(x.dtype(), x.dims());
    const T* px = x.data<T>();
    T* po = out.data<T>();
    // Work items: one line when the axis is innermost, else a block of up to kBlock interleaved lines.
    constexpr int64_t kBlock = 256;
    const int64_t blocks = (inner + kBlock - 1) / kBlock;
    const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, n * std::min(inner, kBlock)));
    parallel_for(outer * blocks, grain, [&](int64_t b, int64_t e) {
      for (int64_t item = b; item < e; ++item) {
        const int64_t o = item / blocks, first = (item % blocks) * kBlock;
        const int64_t base = o * n * inner + first;
        softmax_lines<Log, T>(px + base, po + base, n, inner, std::min(kBlock, inner - first));
      }
    });
    ctx.set_output(0, std::move(out));
  });
}

}  // namespace

void register_reduce_kernels(KernelRegistry& r) {
  r.add(OpKind::ReduceMean, reduce_kernel<OpKind::ReduceMean>);
  r.add(OpKind::ReduceSum, reduce_kernel<OpKind::ReduceSum>);
  r.add(OpKind::ReduceMax, reduce_kernel<OpKind::ReduceMax>);
  r.add(OpKind::Softmax, softmax_kernel<false>);
  r.add(OpKind::LogSoftmax, softmax_kernel<true>);
}

}  // namespace ohmic::exec
