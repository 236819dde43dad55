#pragma once
// A model on a simulated chip: the graph runs through the one reference Executor, with every CIM layer of the Plan
// replaced (ExecOptions::node_overrides) by a CimNode; other nodes run on the host kernels.
// Lifecycle: construct (programs the cells of one chip for options.seed), calibrate() on a calibration batch
// (input scales from float activations, ADC ranges, drift compensation), then forward() any number of batches.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/compile/plan.h"
#include "ohmic/device/device_params.h"
#include "ohmic/exec/executor.h"
#include "ohmic/graph/graph.h"
#include "ohmic/sim/cim_node.h"
#include "ohmic/sim/options.h"

namespace ohmic::sim {

// The route's device parameters with the options applied (effects switched off, a fault rate set).
device::DeviceParams simulated_device(const arch::ChipSpec& chip, const SimOptions& options);

struct LayerReport {
  std::string name;
  double snr_db = 0;        // output SNR against the float layer on the same input (+inf: identical)
  double input_scale = 1;   // calibrated s_x
  double drift_alpha = 1;   // global drift compensation factor
  bool uses_adc = false;
  bool exact_cells = true;
  int accumulator_bits = 0;        // the chip's accumulator width for this layer (Encoding::accumulator_bits_chip)
  int64_t outputs = 0;             // integer outputs evaluated (after calibration)
  int64_t saturated_outputs = 0;   // of those, at the limit of a saturating (digital, realistic) accumulator
  double saturated_fraction() const { return outputs > 0 ? static_cast<double>(saturated_outputs) / static_cast<double>(outputs) : 0.0; }
};

class ChipSimulator {
 public:
  // `plan` must come from compiling `graph` for `chip`. Throws ohmic::Error when a layer cannot be simulated.
  ChipSimulator(const graph::Graph& graph, const arch::ChipSpec& chip, const compile::Plan& plan, SimOptions options);
  ~ChipSimulator();
  ChipSimulator(const ChipSimulator&) = delete;
  ChipSimulator& operator=(const ChipSimulator&) = delete;

  void calibrate(const graph::Tensor& images);
  graph::Tensor forward(const graph::Tensor& images);
  std::vector<LayerReport> layer_reports() const;
  void reset_snr();
  const SimOptions& options() const { return options_; }
  const device::DeviceParams& device() const { return device_; }

 private:
  void set_phase(CimPhase p);
  compile::Plan plan_;
  SimOptions options_;
  device::DeviceParams device_;
  std::vector<std::unique_ptr<CimNode>> nodes_;
  std::unique_ptr<exec::Executor> executor_;
  bool calibrated_ = false;
};

}  // namespace ohmic::sim
