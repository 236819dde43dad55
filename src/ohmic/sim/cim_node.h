#pragma once
// One CIM layer as an exec node kernel: the float input is quantized to the plan's input bits with a per-tensor
// scale calibrated on float activations, lowered (compile::lower_input), run through the LayerSim, dequantized
// (acc * s_x * s_w[n] * alpha) and the bias added in float. alpha is the layer's global drift compensation.
// The node goes through calibration phases before evaluation (ChipSimulator drives them).
#include <cstdint>
#include <memory>
#include <vector>

#include "ohmic/exec/kernel.h"
#include "ohmic/sim/layer_sim.h"

namespace ohmic::sim {

enum class CimPhase {
  kInputScale,      // run the float kernel, record max |x| (the input scale)
  kAdcCalibration,  // infinite ADC, record column sums (LayerSim calibration)
  kDriftReference,  // record mean |y| right after programming (t = 0)
  kDriftMeasure,    // record mean |y| at the simulated time; alpha = reference / measured
  kRun,             // evaluation
};

struct LayerSnrSums {
  double signal = 0, error = 0;  // sum y_float^2, sum (y_sim - y_float)^2 over evaluated outputs
  double snr_db() const;
};

class CimNode {
 public:
  // saturating_accumulator_bits > 0: the layer's outputs saturate at that signed width (digital routes, realistic
  // mode; LayerSim clamps them) and the node counts the outputs that reach the limit.
  CimNode(std::unique_ptr<LayerSim> sim, bool measure_snr, int saturating_accumulator_bits = 0);
  void set_phase(CimPhase p) { phase_ = p; }
  void operator()(exec::KernelContext& ctx);

  LayerSim& sim() { return *sim_; }
  double input_scale() const { return input_scale_; }
  double drift_alpha() const { return alpha_; }
  const LayerSnrSums& snr() const { return snr_; }
  void reset_snr() {
    snr_ = {};
    saturated_ = outputs_ = 0;
  }
  // Evaluated outputs (kRun phase) and those at the saturating accumulator's limit.
  int64_t outputs() const { return outputs_; }
  int64_t saturated_outputs() const { return saturated_; }

 private:
  graph::Tensor run_float(exec::KernelContext& ctx);
  graph::Tensor run_chip(exec::KernelContext& ctx, double* mean_abs);
  void count_saturated(const std::vector<double>& acc);

  std::unique_ptr<LayerSim> sim_;
  bool measure_snr_ = true;
  CimPhase phase_ = CimPhase::kInputScale;
  double input_max_abs_ = 0, input_scale_ = 1;
  double reference_mean_abs_ = 0, alpha_ = 1;
  uint64_t positions_done_ = 0;  // keys read noise: every read of a run is fresh
  LayerSnrSums snr_;
  double accumulator_limit_ = 0;  // 2^(bits-1); 0 = no saturating accumulator
  int64_t outputs_ = 0, saturated_ = 0;
  std::unique_ptr<exec::KernelState> float_state_;
};

}  // namespace ohmic::sim
