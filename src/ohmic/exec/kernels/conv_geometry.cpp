#include "ohmic/exec/kernels/conv_geometry.h"

#include "ohmic/core/error.h"

namespace ohmic::exec {

namespace {

std::vector<int64_t> spatial_attr(const KernelContext& ctx, const char* name, size_t count, int64_t def) {
  std::vector<int64_t> v = ctx.node().attr_ints(name, {});
  if (v.empty()) return std::vector<int64_t>(count, def);
  if (v.size() != count)
    ctx.fail(std::string("attribute '") + name + "' has " + std::to_string(v.size()) + " value(s) but the input has " +
                 std::to_string(count) + " spatial dimension(s)",
             "give one value per spatial dimension");
  for (int64_t x : v)
    if (x < 1) ctx.fail(std::string("attribute '") + name + "' must be positive, got " + std::to_string(x));
  return v;
}

int64_t ceil_div(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

WindowGeometry window_geometry(const KernelContext& ctx, const Dims& x, const std::vector<int64_t>& kernel,
                               WindowOptions options) {
  const int rank = static_cast<int>(x.size());
  if (rank < 3 || rank > 5)
    ctx.fail("input has shape " + graph::dims_str(x) + "; expected [N, C, D1 ... Dn] with 1 to 3 spatial dimensions",
             "feed a 3-D, 4-D or 5-D tensor");
  const size_t n = static_cast<size_t>(rank - 2);
  if (kernel.size() != n)
    ctx.fail("kernel has " + std::to_string(kernel.size()) + " spatial dimension(s) but the input has " +
             std::to_string(n) + " (input " + graph::dims_str(x) + ")");
  for (int64_t k : kernel)
    if (k < 1) ctx.fail("kernel extent must be positive, got " + std::to_string(k));

  WindowGeometry g;
  g.spatial_rank = static_cast<int>(n);
  g.batch = x[0];
  g.channels = x[1];
  g.kernel = kernel;
  g.in.assign(x.begin() + 2, x.end());
  g.strides = spatial_attr(ctx, "strides", n, 1);
  g.dilations = spatial_attr(ctx, "dilations", n, 1);
  g.pad_begin.assign(n, 0);
  g.pad_end.assign(n, 0);
  g.out.assign(n, 0);

  const std::string auto_pad = ctx.node().attr_string("auto_pad", "NOTSET");
  for (size_t i = 0; i < n; ++i) {
    const int64_t span = (g.kernel[i] - 1) * g.dilations[i] + 1;  // extent of the dilated window
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      g.out[i] = ceil_div(g.in[i], g.strides[i]);
      const int64_t total = std::max<int64_t>(0, (g.out[i] - 1) * g.strides[i] + span - g.in[i]);
      const int64_t small = total / 2, big = total - small;
      g.pad_begin[i] = auto_pad == "SAME_UPPER" ? small : big;
      g.pad_end[i] = auto_pad == "SAME_UPPER" ? big : small;
    } else if (auto_pad == "VALID") {
      g.out[i] = floor_div(g.in[i] - span, g.strides[i]) + 1;
    } else if (auto_pad == "NOTSET") {
      // pads filled below
    } else {
      ctx.fail("attribute 'auto_pad' is '" + auto_pad + "'", "use NOTSET, SAME_UPPER, SAME_LOWER or VALID");
    }
  }
  if (auto_pad == "NOTSET") {
    std::vector<int64_t> pads = ctx.node().attr_ints("pads", {});
    if (!pads.empty() && pads.size() != 2 * n)
      ctx.fail("attribute 'pads' has " + std::to_string(pads.size()) + " value(s); expected " + std::to_string(2 * n),
               "give begin pads for every spatial dimension, then end pads");
    for (size_t i = 0; i < n && !pads.empty(); ++i) {
      g.pad_begin[i] = pads[i];
      g.pad_end[i] = pads[i + n];
      if (pads[i] < 0 || pads[i + n] < 0) ctx.fail("attribute 'pads' has a negative value", "pads must be >= 0");
    }
    for (size_t i = 0; i < n; ++i) {
      const int64_t span = (g.kernel[i] - 1) * g.dilations[i] + 1;
      const int64_t room = g.in[i] + g.pad_begin[i] + g.pad_end[i] - span;
      if (options.ceil_mode) {
        g.out[i] = ceil_div(room, g.strides[i]) + 1;
        // The last window must start inside the input or its begin padding (the rule PyTorch and ONNX Runtime use).
        if (g.out[i] > 1 && (g.out[i] - 1) * g.strides[i] >= g.in[i] + g.pad_begin[i]) --g.out[i];
      } else {
        g.out[i] = floor_div(room, g.strides[i]) + 1;
      }
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (g.out[i] < 1)
      ctx.fail("the window (kernel " + graph::dims_str(g.kernel) + ", dilations " + graph::dims_str(g.dilations) +
                   ") does not fit input " + graph::dims_str(x) + " with the given pads",
               "use a smaller kernel or more padding");
  return g;
}

WindowGeometry::D3 WindowGeometry::d3() const {
  D3 r;
  const size_t off = 3 - static_cast<size_t>(spatial_rank);
  for (size_t i = 0; i < static_cast<size_t>(spatial_rank); ++i) {
    r.k[off + i] = kernel[i];
    r.s[off + i] = strides[i];
    r.d[off + i] = dilations[i];
    r.pb[off + i] = pad_begin[i];
    r.pe[off + i] = pad_end[i];
    r.in[off + i] = in[i];
    r.out[off + i] = out[i];
  }
  return r;
}

Dims WindowGeometry::output_dims(int64_t out_channels) const {
  Dims d{batch, out_channels};
  d.insert(d.end(), out.begin(), out.end());
  return d;
}

}  // namespace ohmic::exec
