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

// Calls f(tap_input_index, inside) for each tap of the window at output position (od, oh, ow); `inside` is false
// for taps in the padding (their index is meaningless); taps past the padded extent (ceil_mode overhang) are
// skipped.
template <class F>
void for_each_tap(const WindowGeometry::D3& g, int64_t od, int64_t oh, int64_t ow, F&& f) {
  for (int64_t kd = 0; kd < g.k[0]; ++kd) {
    const int64_t id = od * g.s[0] + kd * g.d[0] - g.pb[0];
    if (id >= g.in[0] + g.pe[0]) break;
    for (int64_t kh = 0; kh < g.k[1]; ++kh) {
      const int64_t ih = oh * g.s[1] + kh * g.d[1] - g.pb[1];
      if (ih >= g.in[1] + g.pe[1]) break;
      for (int64_t kw = 0; kw < g.k[2]; ++kw) {
        const int64_t iw = ow * g.s[2] + kw * g.d[2] - g.pb[2];
        if (iw >= g.in[2] + g.pe[2]) break;
        const bool inside = id >= 0 && id < g.in[0] && ih >= 0 && ih < g.in[1] && iw >= 0 && iw < g.in[2];
        f((id * g.in[1] + ih) * g.in[2] + iw, inside, id, ih, iw);
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
    const int64_t in_sz = g.in_size(), out_sz = g.out_size();
    parallel_for(geo.batch * geo.channels, 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const T* xplane = xp + p * in_sz;
        int64_t o = p * out_sz;
        for (int64_t od = 0; od < g.out[0]; ++od)
          for (int64_t oh = 0; oh < g.out[1]; ++oh)
            for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) {
              T best = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                            : std::numeric_limits<T>::lowest();
              int64_t best_i = -1, best_d = 0, best_h = 0, best_w = 0;
              for_each_tap(g, od, oh, ow, [&](int64_t i, bool inside, int64_t id, int64_t ih, int64_t iw) {
                if (inside && (best_i < 0 || xplane[i] > best)) {
                  best = xplane[i];
                  best_i = i;
                  best_d = id, best_h = ih, best_w = iw;
                }
              });
              yp[o] = best;
              if (ip) {
                // Column-major (storage_order 1) numbers the innermost spatial axis slowest.
                const int64_t in_plane = storage_order == 0 ? best_i : best_d + g.in[0] * (best_h + g.in[1] * best_w);
                ip[o] = p * in_sz + (best_i < 0 ? 0 : in_plane);
              }
            }
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
    const int64_t in_sz = g.in_size(), out_sz = g.out_size();
    parallel_for(geo.batch * geo.channels, 1, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const T* xplane = xp + p * in_sz;
        int64_t o = p * out_sz;
        for (int64_t od = 0; od < g.out[0]; ++od)
          for (int64_t oh = 0; oh < g.out[1]; ++oh)
            for (int64_t ow = 0; ow < g.out[2]; ++ow, ++o) {
              T sum = 0;
              int64_t inside_n = 0, padded_n = 0;
              for_each_tap(g, od, oh, ow, [&](int64_t i, bool inside, int64_t, int64_t, int64_t) {
                if (inside) {
                  sum += xplane[i];
                  ++inside_n;
                } else {
                  ++padded_n;
                }
              });
              const int64_t count = include_pad ? inside_n + padded_n : inside_n;
              yp[o] = count > 0 ? sum / static_cast<T>(count) : T(0);
            }
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
