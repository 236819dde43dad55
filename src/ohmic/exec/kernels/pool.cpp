// MaxPool (with optional Indices), AveragePool, GlobalAveragePool, GlobalMaxPool: loops over 1-3 spatial
// dimensions, one (image, channel) plane per task, so results do not depend on the thread count.
#include <cmath>
#include <limits>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/conv_geometry.h"
#include "ohmic/exec/kernels/dispatch.h"

namespace ohmic::exec {

namespace {

std::vector<int64_t> kernel_shape(const KernelContext& ctx, const Tensor& x) {
  std::vector<int64_t> k = ctx.node().attr_ints("kernel_shape", {});
  if (k.empty()) ctx.fail("attribute 'kernel_shape' is required", "give the pooling window's extent");
  if (x.rank() < 3) ctx.fail("input " + graph::dims_str(x.dims()) + " needs at least one spatial dimension");
  return k;
}

WindowGeometry pool_geometry(const KernelContext& ctx, const Tensor& x) {
  WindowOptions o;
  o.ceil_mode = ctx.node().attr_int("ceil_mode", 0) != 0;
  return window_geometry(ctx, x.dims(), kernel_shape(ctx, x), o);
}

// For one spatial axis and each output position o: the window taps [lo, hi) that land inside the input, and
// `extent`, the number of leading taps that land inside input + padding (taps past the end padding, which only
// ceil_mode produces, count for neither). Precomputed once per call so the loops below carry no per-tap checks.
struct AxisTaps {
  std::vector<int64_t> lo, hi, extent;
};

AxisTaps axis_taps(const WindowGeometry::D3& g, int a) {
  AxisTaps t;
  const int64_t k = g.k[a], d = g.d[a];
  auto taps_below = [&](int64_t base, int64_t limit) {  // taps t < k with base + t * d < limit
    return limit <= base ? int64_t{0} : std::min(k, (limit - base + d - 1) / d);
  };
  for (int64_t o = 0; o < g.out[a]; ++o) {
    const int64_t base = o * g.s[a] - g.pb[a];
    const int64_t lo = base >= 0 ? 0 : std::min(k, (-base + d - 1) / d);
    const int64_t hi = std::max(lo, taps_below(base, g.in[a]));
    t.lo.push_back(lo);
    t.hi.push_back(hi);
    t.extent.push_back(taps_below(base, g.in[a] + g.pe[a]));
  }
  return t;
}

// Calls f(od, oh, ow, out_index) with the input taps of that window given through the AxisTaps of the three axes.
template <class F>
void for_each_window(const WindowGeometry::D3& g, int64_t plane_index, F&& f) {
  int64_t o = plane_index * g.out_size();
  for (int64_t od = 0; od < g.out[0]; ++od)
    for (int64_t oh = 0; oh < g.out[1]; ++oh)
      for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) f(od, oh, ow, o);
}

// out_plane[o] = reduce(init, inputs of window o) with the taps visited in (d, h, w) order, computed row by row:
// for each tap, one pass along the output row over the outputs for which that tap lands inside the input (no
// per-tap branches in the inner loop). Used when no argmax indices are needed.
template <class T, class Op>
void pool_plane_rows(const WindowGeometry::D3& g, const AxisTaps& td, const AxisTaps& th, const T* xplane, T* out_plane,
                     T init, Op op) {
  std::vector<int64_t> w_lo(static_cast<size_t>(g.k[2])), w_hi(static_cast<size_t>(g.k[2]));
  for (int64_t kw = 0; kw < g.k[2]; ++kw) {  // outputs ow with 0 <= ow * s + kw * d - pb < in
    const int64_t off = kw * g.d[2] - g.pb[2];
    int64_t lo = off >= 0 ? 0 : (-off + g.s[2] - 1) / g.s[2];
    const int64_t last = g.in[2] - 1 - off;
    int64_t hi = last < 0 ? 0 : std::min(g.out[2], last / g.s[2] + 1);
    w_lo[static_cast<size_t>(kw)] = std::min(lo, g.out[2]);
    w_hi[static_cast<size_t>(kw)] = std::max(hi, w_lo[static_cast<size_t>(kw)]);
  }
  for (int64_t od = 0; od < g.out[0]; ++od)
    for (int64_t oh = 0; oh < g.out[1]; ++oh) {
      T* yrow = out_plane + (od * g.out[1] + oh) * g.out[2];
      std::fill(yrow, yrow + g.out[2], init);
      for (int64_t kd = td.lo[od]; kd < td.hi[od]; ++kd) {
        const int64_t id = od * g.s[0] - g.pb[0] + kd * g.d[0];
        for (int64_t kh = th.lo[oh]; kh < th.hi[oh]; ++kh) {
          const int64_t ih = oh * g.s[1] - g.pb[1] + kh * g.d[1];
          const T* row = xplane + (id * g.in[1] + ih) * g.in[2];
          for (int64_t kw = 0; kw < g.k[2]; ++kw) {
            const int64_t off = kw * g.d[2] - g.pb[2], s = g.s[2];
            for (int64_t ow = w_lo[static_cast<size_t>(kw)]; ow < w_hi[static_cast<size_t>(kw)]; ++ow)
              yrow[ow] = op(yrow[ow], row[ow * s + off]);
          }
        }
      }
    }
}

void max_pool_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const WindowGeometry geo = pool_geometry(ctx, x);
  const WindowGeometry::D3 g = geo.d3();
  const int64_t storage_order = ctx.node().attr_int("storage_order", 0);
  if (storage_order != 0 && storage_order != 1)
    ctx.fail("attribute 'storage_order' is " + std::to_string(storage_order), "use 0 (row major) or 1 (column major)");
  const bool want_indices = ctx.num_outputs() > 1 && ctx.node().outputs[1] != graph::kNoValue;
  const Dims y_dims = geo.output_dims(geo.channels);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    Tensor y(x.dtype(), y_dims);
    Tensor idx(DType::Int64, want_indices ? y_dims : Dims{0});
    const T* xp = x.data<T>();
    T* yp = y.data<T>();
    int64_t* ip = want_indices ? idx.data<int64_t>() : nullptr;
    const int64_t in_sz = g.in_size();
    const AxisTaps td = axis_taps(g, 0), th = axis_taps(g, 1), tw = axis_taps(g, 2);
    const T lowest = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                          : std::numeric_limits<T>::lowest();
    if (!ip) {
      parallel_for(geo.batch * geo.channels, 4, [&](int64_t begin, int64_t end) {
        for (int64_t p = begin; p < end; ++p)
          pool_plane_rows<T>(g, td, th, xp + p * in_sz, yp + p * g.out_size(), lowest,
                             [](T acc, T v) { return v > acc ? v : acc; });
      });
      ctx.set_output(0, std::move(y));
      return;
    }
    parallel_for(geo.batch * geo.channels, 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const T* xplane = xp + p * in_sz;
        for_each_window(g, p, [&](int64_t od, int64_t oh, int64_t ow, int64_t o) {
          T best = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                        : std::numeric_limits<T>::lowest();
          int64_t best_d = -1, best_h = 0, best_w = 0;
          for (int64_t kd = td.lo[od]; kd < td.hi[od]; ++kd) {
            const int64_t id = od * g.s[0] - g.pb[0] + kd * g.d[0];
            for (int64_t kh = th.lo[oh]; kh < th.hi[oh]; ++kh) {
              const int64_t ih = oh * g.s[1] - g.pb[1] + kh * g.d[1];
              const T* row = xplane + (id * g.in[1] + ih) * g.in[2];
              for (int64_t kw = tw.lo[ow]; kw < tw.hi[ow]; ++kw) {
                const int64_t iw = ow * g.s[2] - g.pb[2] + kw * g.d[2];
                if (best_d < 0 || row[iw] > best) {
                  best = row[iw];
                  best_d = id, best_h = ih, best_w = iw;
                }
              }
            }
          }
          yp[o] = best;
          if (ip) {
            // Row-major index within the plane, or column-major (storage_order 1: the first spatial axis fastest).
            const int64_t in_plane = best_d < 0                ? 0
                                     : storage_order == 0 ? (best_d * g.in[1] + best_h) * g.in[2] + best_w
                                                          : best_d + g.in[0] * (best_h + g.in[1] * best_w);
            ip[o] = p * in_sz + in_plane;
          }
        });
      }
    });
    ctx.set_output(0, std::move(y));
    if (want_indices) ctx.set_output(1, std::move(idx));
  };
  switch (x.dtype()) {
    case DType::Float32: return run(float{});
    case DType::Float64: return run(double{});
    case DType::Int8: return run(int8_t{});
    case DType::UInt8: return run(uint8_t{});
    default:
      ctx.fail("element type " + std::string(graph::dtype_name(x.dtype())) + " is not supported by MaxPool",
               "use float32, float64, int8 or uint8");
  }
}

void average_pool_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const WindowGeometry geo = pool_geometry(ctx, x);
  const WindowGeometry::D3 g = geo.d3();
  const bool include_pad = ctx.node().attr_int("count_include_pad", 0) != 0;
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor y(x.dtype(), geo.output_dims(geo.channels));
    const T* xp = x.data<T>();
    T* yp = y.data<T>();
    const int64_t in_sz = g.in_size();
    const AxisTaps td = axis_taps(g, 0), th = axis_taps(g, 1), tw = axis_taps(g, 2);
    parallel_for(geo.batch * geo.channels, 4, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        T* yplane = yp + p * g.out_size();
        pool_plane_rows<T>(g, td, th, xp + p * in_sz, yplane, T(0), [](T acc, T v) { return acc + v; });
        for_each_window(g, 0, [&](int64_t od, int64_t oh, int64_t ow, int64_t o) {
          const int64_t count = include_pad ? td.extent[od] * th.extent[oh] * tw.extent[ow]
                                            : (td.hi[od] - td.lo[od]) * (th.hi[oh] - th.lo[oh]) * (tw.hi[ow] - tw.lo[ow]);
          yplane[o] = count > 0 ? yplane[o] / static_cast<T>(count) : T(0);
        });
      }
    });
    ctx.set_output(0, std::move(y));
  });
}

template <bool kMax>
void global_pool_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  if (x.rank() < 3) ctx.fail("input " + graph::dims_str(x.dims()) + " needs at least one spatial dimension");
  Dims y_dims(x.dims().size(), 1);
  y_dims[0] = x.dim(0);
  y_dims[1] = x.dim(1);
  const int64_t planes = x.dim(0) * x.dim(1), plane = planes > 0 ? x.numel() / planes : 0;
  if (plane == 0) ctx.fail("input " + graph::dims_str(x.dims()) + " has an empty spatial extent");
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor y(x.dtype(), y_dims);
    const T* xp = x.data<T>();
    T* yp = y.data<T>();
    parallel_for(planes, 16, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const T* s = xp + p * plane;
        if constexpr (kMax) {
          T m = s[0];
          for (int64_t i = 1; i < plane; ++i) m = std::isnan(s[i]) || s[i] > m ? s[i] : m;
          yp[p] = m;
        } else {
          T sum = 0;
          for (int64_t i = 0; i < plane; ++i) sum += s[i];
          yp[p] = sum / static_cast<T>(plane);
        }
      }
    });
    ctx.set_output(0, std::move(y));
  });
}

}  // namespace

void register_pool_kernels(KernelRegistry& r) {
  r.add(graph::OpKind::MaxPool, max_pool_kernel);
  r.add(graph::OpKind::AveragePool, average_pool_kernel);
  r.add(graph::OpKind::GlobalAveragePool, global_pool_kernel<false>);
  r.add(graph::OpKind::GlobalMaxPool, global_pool_kernel<true>);
}

}  // namespace ohmic::exec
