#pragma once
// A direct (loop) convolution over 1-3 spatial dimensions with groups, pads, strides and dilations. It serves the
// exact integer paths (ConvInteger, QLinearConv: inputs already shifted by their zero points, so padding with 0
// equals padding with the zero point) and float64 Conv, which oneDNN does not support. Work is split by
// (image, output channel); each output plane is summed by one thread in a fixed order, so results do not depend on
// the thread count.
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/conv_geometry.h"

namespace ohmic::exec {

// x: [N, C, in...], w: [M, C/group, k...], y: [N, M, out...] holding the initial values (0 or the bias), to which
// the window sums are added. A is the accumulation type; x and w are already converted to it.
template <class A>
void direct_conv(const WindowGeometry& geo, int64_t out_channels, int64_t group, const A* x, const A* w, A* y) {
  const WindowGeometry::D3 g = geo.d3();
  const int64_t N = geo.batch, C = geo.channels, M = out_channels;
  const int64_t cg = C / group, mg = M / group;
  const int64_t in_sz = g.in_size(), out_sz = g.out_size(), k_sz = g.k_size();
  // Valid output range [lo, hi) along one axis for kernel tap t, so the inner loops need no bounds checks.
  auto range = [&](int a, int64_t t, int64_t& lo, int64_t& hi) {
    const int64_t off = t * g.d[a] - g.pb[a];  // input index = o * s + off
    lo = off >= 0 ? 0 : (-off + g.s[a] - 1) / g.s[a];
    const int64_t last = g.in[a] - 1 - off;  // o * s <= last
    hi = last < 0 ? 0 : std::min(g.out[a], last / g.s[a] + 1);
    if (hi < lo) hi = lo;
  };
  parallel_for(N * M, 1, [&](int64_t begin, int64_t end) {
    for (int64_t nm = begin; nm < end; ++nm) {
      const int64_t n = nm / M, m = nm % M, grp = m / mg;
      A* yp = y + nm * out_sz;
      for (int64_t c = 0; c < cg; ++c) {
        const A* xp = x + (n * C + grp * cg + c) * in_sz;
        const A* wp = w + (m * cg + c) * k_sz;
        for (int64_t kd = 0; kd < g.k[0]; ++kd) {
          int64_t d_lo, d_hi;
          range(0, kd, d_lo, d_hi);
          for (int64_t kh = 0; kh < g.k[1]; ++kh) {
            int64_t h_lo, h_hi;
            range(1, kh, h_lo, h_hi);
            for (int64_t kw = 0; kw < g.k[2]; ++kw) {
              int64_t w_lo, w_hi;
              range(2, kw, w_lo, w_hi);
              const A wv = wp[(kd * g.k[1] + kh) * g.k[2] + kw];
              if constexpr (std::is_integral_v<A>)
                if (wv == A{0}) continue;  // exact: skipping a zero tap changes nothing
              const int64_t w_off = kw * g.d[2] - g.pb[2];
              for (int64_t od = d_lo; od < d_hi; ++od) {
                const int64_t id = od * g.s[0] + kd * g.d[0] - g.pb[0];
                for (int64_t oh = h_lo; oh < h_hi; ++oh) {
                  const int64_t ih = oh * g.s[1] + kh * g.d[1] - g.pb[1];
                  const A* xrow = xp + (id * g.in[1] + ih) * g.in[2];
                  A* yrow = yp + (od * g.out[1] + oh) * g.out[2];
                  if (g.s[2] == 1) {
                    for (int64_t ow = w_lo; ow < w_hi; ++ow) yrow[ow] += wv * xrow[ow + w_off];
                  } else {
                    for (int64_t ow = w_lo; ow < w_hi; ++ow) yrow[ow] += wv * xrow[ow * g.s[2] + w_off];
                  }
                }
              }
            }
          }
        }
      }
    }
  });
}

}  // namespace ohmic::exec
