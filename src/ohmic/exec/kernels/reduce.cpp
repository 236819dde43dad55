// Reductions (ReduceMean ReduceSum ReduceMax over any set of axes, keepdims, noop_with_empty_axes; axes as attribute
// or, from opset 13 for ReduceSum, as input; an empty reduction gives 0, NaN and -inf (lowest for integers)) and Softmax / LogSoftmax along one axis (opset 13 semantics,
// max-subtracted so large inputs stay finite). Each output element is reduced by one thread in a fixed order, and
// float sums accumulate in double, so results do not depend on the thread count.
#include <cmath>
#include <limits>

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
  } else {
    WrapType<T> sum = 0;  // integer sums wrap like the element type
    for_each_reduced_run(g, base, [&](const T* p, int64_t n, int64_t s) {
      for (int64_t i = 0; i < n; ++i) sum = static_cast<WrapType<T>>(sum + static_cast<WrapType<T>>(p[i * s]));
    });
    if constexpr (Op == OpKind::ReduceMean) {
      if (g.red_count == 0) return T{0};
      // Mean of the true (unwrapped) values, truncated toward zero like numpy's mean().astype().
      double exact = 0;
      for_each_reduced_run(g, base, [&](const T* p, int64_t n, int64_t s) {
        for (int64_t i = 0; i < n; ++i) exact += static_cast<double>(p[i * s]);
      });
      return convert_value<T>(exact / static_cast<double>(g.red_count));
    }
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
    const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, n));
    parallel_for(outer * inner, grain, [&](int64_t b, int64_t e) {
      for (int64_t line = b; line < e; ++line) {
        const int64_t base = (line / inner) * n * inner + line % inner;
        const T* xi = px + base;
        T* yi = po + base;
        T m = -std::numeric_limits<T>::infinity();
        for (int64_t j = 0; j < n; ++j) m = std::max(m, xi[j * inner]);
        double sum = 0;
        for (int64_t j = 0; j < n; ++j) {
          const T ex = std::exp(xi[j * inner] - m);
          if constexpr (!Log) yi[j * inner] = ex;
          sum += static_cast<double>(ex);
        }
        if constexpr (Log) {
          const double log_sum = std::log(sum);
          for (int64_t j = 0; j < n; ++j)
            yi[j * inner] = static_cast<T>(static_cast<double>(xi[j * inner] - m) - log_sum);
        } else {
          for (int64_t j = 0; j < n; ++j) yi[j * inner] = static_cast<T>(static_cast<double>(yi[j * inner]) / sum);
        }
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
