#pragma once
// Von Neumann baseline (GPU / NPU / CPU): a per-layer roofline at the datasheet dense peak and DRAM bandwidth, with
// energy = rated power (TDP) × time. Best case for speed (100 % of peak, perfect overlap of compute and memory) and a
// power figure the part is rated for; docs/cost-model.md says what this leaves out.
//
// DRAM traffic per layer: the weights once per batch unless all of them fit the on-chip SRAM; input and output
// activations when they do not fit it (on_chip_sram_bytes; absent = nothing fits); explicit traffic (KV cache,
// embeddings). A part without DRAM (e.g. an edge NPU fed over USB/PCIe) gets the same assumed DRAM as a CIM chip.
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

struct BaselineEstimate {
  std::string chip_id, chip_name;
  std::string precision;          // format whose peak is used ("int8", "fp16", ...)
  double peak_ops_per_s = 0;
  double tdp_w = 0;
  double energy_per_sample_j = 0;
  double latency_s = 0;           // one batch
  double samples_per_s = 0;
  double dram_bytes_per_sample = 0;
  double compute_bound_s = 0;     // time of the layers limited by compute
  double memory_bound_s = 0;      // time of the layers limited by DRAM bandwidth
  bool weights_on_chip = false;   // all weights fit the on-chip SRAM: no DRAM weight traffic
  std::vector<std::string> assumptions;
};

// Throws ohmic::Error for a CIM chip, or one without peak throughput or TDP.
BaselineEstimate estimate_baseline(const Workload& workload, const arch::ChipSpec& chip, int64_t batch);

// The peak format used for a workload of this precision: <= 8 bits int8 (else fp8, fp16, bf16), <= 16 bits fp16
// (else bf16, fp32), otherwise fp32; falls back to the chip's fastest listed format.
arch::Precision baseline_precision(const arch::ChipSpec& chip, int max_bits);

}  // namespace ohmic::cost
