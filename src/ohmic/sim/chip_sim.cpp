#include "ohmic/sim/chip_sim.h"

#include "ohmic/compile/weights.h"
#include "ohmic/core/error.h"

namespace ohmic::sim {

device::DeviceParams simulated_device(const arch::ChipSpec& chip, const SimOptions& options) {
  device::DeviceParams p = device::device_params_for(chip);
  if (!options.programming_noise) {
    p.programming = device::ProgrammingNoise::kNone;
    p.d2d_sigma_rel = 0;
  }
  if (!options.read_noise) p.read_sigma_rel = 0;
  if (options.fault_rate) {
    if (*options.fault_rate < 0 || *options.fault_rate > 1)
      fail("--faults", "the stuck-at rate must lie in [0, 1]", "give a fraction such as 0.001");
    p.stuck_on_rate = p.stuck_off_rate = *options.fault_rate / 2;
  }
  return p;
}

ChipSimulator::ChipSimulator(const graph::Graph& graph, const arch::ChipSpec& chip, const compile::Plan& plan,
                             SimOptions options)
    : plan_(plan), options_(options), device_(simulated_device(chip, options)) {
  exec::ExecOptions exec_options;
  for (size_t li = 0; li < plan_.layers.size(); ++li) {
    const compile::LayerPlan& layer = plan_.layers[li];
    if (layer.node < 0 || static_cast<size_t>(layer.node) >= graph.nodes.size())
      fail("sim: layer '" + layer.name + "'", "the plan does not belong to this graph", "compile the model again");
    LayerSimConfig cfg;
    cfg.options = options_;
    cfg.device = device_;
    cfg.layer_index = static_cast<uint32_t>(li);
    cfg.rows_active = plan_.chip.rows_active;
    cfg.adc_bits = plan_.chip.adc_bits;
    cfg.accumulator_bits = layer.encoding.accumulator_bits_chip;
    auto sim = std::make_unique<LayerSim>(layer, compile::quantize_layer(graph, layer), cfg);
    // LayerSim saturates digital-route outputs at the chip's accumulator width in realistic mode.
    const int saturating_bits = options_.mode == SimMode::kRealistic && !device_.analog &&
                                cfg.accumulator_bits > 0 && cfg.accumulator_bits < 63 ? cfg.accumulator_bits : 0;
    nodes_.push_back(std::make_unique<CimNode>(std::move(sim), options_.layer_snr, saturating_bits));
    CimNode* node = nodes_.back().get();
    exec_options.node_overrides[static_cast<size_t>(layer.node)] = [node](exec::KernelContext& ctx) { (*node)(ctx); };
  }
  executor_ = std::make_unique<exec::Executor>(graph, std::move(exec_options));
}

ChipSimulator::~ChipSimulator() = default;

void ChipSimulator::set_phase(CimPhase p) {
  for (auto& n : nodes_) n->set_phase(p);
}

void ChipSimulator::calibrate(const graph::Tensor& images) {
  set_phase(CimPhase::kInputScale);
  executor_->run({images});
  bool any_adc = false;
  for (auto& n : nodes_) any_adc = any_adc || n->sim().uses_adc();
  if (any_adc && options_.adc_range != AdcRangeMode::kFixed) {
    for (auto& n : nodes_) n->sim().begin_adc_calibration();
    set_phase(CimPhase::kAdcCalibration);
    executor_->run({images});
    for (auto& n : nodes_) n->sim().end_adc_calibration();
  }
  const bool drifts = device_.analog && (device_.pcm_drift || device_.retention_loss_per_decade > 0);
  if (drifts && options_.time_s > 0 && options_.drift_compensation && options_.mode == SimMode::kRealistic) {
    set_phase(CimPhase::kDriftReference);
    executor_->run({images});
    for (auto& n : nodes_) n->sim().set_time(options_.time_s);
    set_phase(CimPhase::kDriftMeasure);
    executor_->run({images});
  } else {
    for (auto& n : nodes_) n->sim().set_time(options_.time_s);
  }
  set_phase(CimPhase::kRun);
  calibrated_ = true;
}

graph::Tensor ChipSimulator::forward(const graph::Tensor& images) {
  if (!calibrated_) fail("sim", "forward() before calibrate()", "calibrate on a batch of samples first");
  std::vector<graph::Tensor> out = executor_->run({images});
  if (out.empty()) fail("sim", "the model has no outputs");
  return out.front();
}

std::vector<LayerReport> ChipSimulator::layer_reports() const {
  std::vector<LayerReport> r;
  for (const auto& n : nodes_) {
    LayerReport l;
    l.name = n->sim().layer().name;
    l.snr_db = n->snr().snr_db();
    l.input_scale = n->input_scale();
    l.drift_alpha = n->drift_alpha();
    l.uses_adc = n->sim().uses_adc();
    l.exact_cells = n->sim().exact_cells();
    l.accumulator_bits = n->sim().layer().encoding.accumulator_bits_chip;
    l.outputs = n->outputs();
    l.saturated_outputs = n->saturated_outputs();
    r.push_back(l);
  }
  return r;
}

void ChipSimulator::reset_snr() {
  for (auto& n : nodes_) n->reset_snr();
}

}  // namespace ohmic::sim
