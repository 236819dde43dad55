#include "ohmic/sim/cim_node.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ohmic/core/error.h"
#include "ohmic/sim/layer_layout.h"

namespace ohmic::sim {

double LayerSnrSums::snr_db() const {
  if (error <= 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / error);
}

CimNode::CimNode(std::unique_ptr<LayerSim> sim, bool measure_snr, int saturating_accumulator_bits)
    : sim_(std::move(sim)),
      measure_snr_(measure_snr),
      accumulator_limit_(saturating_accumulator_bits > 0 ? std::ldexp(1.0, saturating_accumulator_bits - 1) : 0.0) {}

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
  const graph::Tensor& x = ctx.input(0);
  const Expected<LayerLayout> layout = layer_layout(layer.matrix, x.dims());
  if (!layout) ctx.fail(layout.reason(), "compile the model for this input shape");
  const compile::MatrixForm& m = layout->matrix;
  // Quantize the float input with the calibrated per-tensor scale.
  const int32_t lo = compile::input_min(e), hi = compile::input_max(e);
  std::vector<int32_t> q(static_cast<size_t>(x.numel()));
  const float* xv = x.data<float>();
  const double inv = 1.0 / input_scale_;
  for (size_t i = 0; i < q.size(); ++i)
    q[i] = static_cast<int32_t>(std::clamp<double>(std::nearbyint(xv[i] * inv), lo, hi));
  const compile::LoweredInput lowered = lower_layer_input(*layout, q);
  q = {};
  const std::vector<double> acc = sim_->run(lowered, positions_done_);
  positions_done_ += static_cast<uint64_t>(lowered.positions);
  if (phase_ == CimPhase::kRun) count_saturated(acc);

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

  graph::Tensor y(graph::DType::Float32, layout->output_dims);
  float* yv = y.data<float>();
  for (int64_t p = 0; p < m.positions; ++p)
    for (int64_t n = 0; n < width; ++n) {
      double v = acc[static_cast<size_t>(p * width + n)] * sw[static_cast<size_t>(n)] * gain;
      if (bias) v += beta * bias[n];
      yv[layout->output_offset(p, n)] = static_cast<float>(v);
    }
  return y;
}

void CimNode::count_saturated(const std::vector<double>& acc) {
  outputs_ += static_cast<int64_t>(acc.size());
  if (accumulator_limit_ <= 0) return;
  for (double v : acc) saturated_ += v <= -accumulator_limit_ || v >= accumulator_limit_ - 1 ? 1 : 0;
}

}  // namespace ohmic::sim
