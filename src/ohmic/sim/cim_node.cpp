#include "ohmic/sim/cim_node.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ohmic/core/error.h"

namespace ohmic::sim {

double LayerSnrSums::snr_db() const {
  if (error <= 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / error);
}

CimNode::CimNode(std::unique_ptr<LayerSim> sim, bool measure_snr) : sim_(std::move(sim)), measure_snr_(measure_snr) {}

graph::Tensor CimNode::run_float(exec::KernelContext& ctx) {
  exec::KernelFn fn = exec::KernelRegistry::instance().find(ctx.node().op);
  if (!fn) ctx.fail("no host kernel to run the float reference of this CIM layer");
  std::vector<const graph::Tensor*> inputs;
  for (size_t i = 0; i < ctx.num_inputs(); ++i) inputs.push_back(ctx.has_input(i) ? &ctx.input(i) : nullptr);
  exec::KernelContext inner(ctx.node(), inputs, float_state_);
  fn(inner);
  return inner.outputs().at(0);
}

void CimNode::operator()(exec::KernelContext& ctx) {
  if (phase_ == CimPhase::kInputScale) {
    const graph::Tensor& x = ctx.input(0);
    for (float v : x.values<float>()) input_max_abs_ = std::max(input_max_abs_, static_cast<double>(std::abs(v)));
    const compile::Encoding& e = sim_->layer().encoding;
    const double qmax = e.input_signed ? std::ldexp(1.0, e.input_bits - 1) - 1 : std::ldexp(1.0, e.input_bits) - 1;
    input_scale_ = input_max_abs_ > 0 ? input_max_abs_ / qmax : 1.0;
    ctx.set_output(0, run_float(ctx));
    return;
  }
  double mean_abs = 0;
  graph::Tensor y = run_chip(ctx, &mean_abs);
  if (phase_ == CimPhase::kDriftReference) reference_mean_abs_ = mean_abs;
  if (phase_ == CimPhase::kRun && measure_snr_) {
    const graph::Tensor f = run_float(ctx);
    const float* a = y.data<float>();
    const float* b = f.data<float>();
    for (int64_t i = 0; i < y.numel(); ++i) {
      snr_.signal += double{b[i]} * b[i];
      snr_.error += (double{a[i]} - b[i]) * (double{a[i]} - b[i]);
    }
  }
  ctx.set_output(0, std::move(y));
}

graph::Tensor CimNode::run_chip(exec::KernelContext& ctx, double* mean_abs) {
  const compile::LayerPlan& layer = sim_->layer();
  const compile::Encoding& e = layer.encoding;
  compile::MatrixForm m = layer.matrix;
  const graph::Tensor& x = ctx.input(0);
  const graph::Dims& xd = x.dims();
  graph::Dims out_dims;
  if (m.kind == "conv") {
    if (xd.size() < 3 || xd[1] != m.conv.in_c) ctx.fail("input does not match the compiled convolution");
    m.batch = xd[0];
    m.positions = m.batch * m.conv.out_h * m.conv.out_w;
    out_dims = xd.size() == 4 ? graph::Dims{m.batch, m.groups * m.cols, m.conv.out_h, m.conv.out_w}
                              : graph::Dims{m.batch, m.groups * m.cols, m.conv.out_w};
  } else {
    if (m.groups != 1) ctx.fail("grouped MatMul layers are not simulated yet", "run the layer on the host");
    if (xd.empty() || xd.back() != m.rows) ctx.fail("input does not match the compiled matrix");
    m.positions = x.numel() / m.rows;
    out_dims = xd;
    out_dims.back() = m.cols;
  }
  // Quantize the float input with the calibrated per-tensor scale.
  const int32_t lo = compile::input_min(e), hi = compile::input_max(e);
  std::vector<int32_t> q(static_cast<size_t>(x.numel()));
  const float* xv = x.data<float>();
  const double inv = 1.0 / input_scale_;
  for (size_t i = 0; i < q.size(); ++i)
    q[i] = static_cast<int32_t>(std::clamp<double>(std::nearbyint(xv[i] * inv), lo, hi));
  const compile::LoweredInput lowered = compile::lower_input(m, q);
  q = {};
  const std::vector<double> acc = sim_->run(lowered, positions_done_);
  positions_done_ += static_cast<uint64_t>(lowered.positions);

  const int64_t width = m.groups * m.cols;
  const std::vector<float>& sw = sim_->weights().scales;
  double alpha = 1.0, beta = 1.0;
  if (ctx.node().op == graph::OpKind::Gemm) {
    alpha = ctx.node().attr_float("alpha", 1.0f);
    beta = ctx.node().attr_float("beta", 1.0f);
  }
  const float* bias = nullptr;
  if (!m.bias.empty() && ctx.has_input(2)) {
    const graph::Tensor& bt = ctx.input(2);
    if (bt.numel() != width) ctx.fail(fmt::format("bias has {} values, the layer {} outputs", bt.numel(), width),
                                      "give one bias per output channel");
    bias = bt.data<float>();
  }
  // Drift compensation is measured on the output before it applies.
  double sum_abs = 0;
  for (int64_t p = 0; p < m.positions; ++p)
    for (int64_t n = 0; n < width; ++n) sum_abs += std::abs(acc[static_cast<size_t>(p * width + n)] * sw[static_cast<size_t>(n)]);
  *mean_abs = acc.empty() ? 0 : sum_abs / static_cast<double>(acc.size());
  if (phase_ == CimPhase::kDriftMeasure && *mean_abs > 0 && reference_mean_abs_ > 0) alpha_ = reference_mean_abs_ / *mean_abs;
  const double gain = (phase_ == CimPhase::kDriftReference ? 1.0 : alpha_) * alpha * input_scale_;

  graph::Tensor y(graph::DType::Float32, out_dims);
  float* yv = y.data<float>();
  const int64_t hw = m.kind == "conv" ? m.conv.out_h * m.conv.out_w : 1;
  for (int64_t p = 0; p < m.positions; ++p)
    for (int64_t n = 0; n < width; ++n) {
      double v = acc[static_cast<size_t>(p * width + n)] * sw[static_cast<size_t>(n)] * gain;
      if (bias) v += beta * bias[n];
      // conv: position p = (image, spatial) -> NCHW; matmul: row-major positions x width.
      const int64_t at = m.kind == "conv" ? ((p / hw) * width + n) * hw + p % hw : p * width + n;
      yv[at] = static_cast<float>(v);
    }
  return y;
}

}  // namespace ohmic::sim
