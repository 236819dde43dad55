#pragma once
// `ohmic estimate` as a library call: macro peak, the workload on the full chip, and the same workload on von
// Neumann baselines. An LLM workload gives two phases (prefill, decode); other workloads one ("inference").
#include <optional>
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/graph/graph.h"
#include "ohmic/cost/baseline.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/macro_model.h"
#include "ohmic/cost/workload/llm.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

struct PhaseEstimate {
  std::string phase;                        // "inference", "prefill" or "decode"
  Workload workload;
  ChipEstimate chip;
  std::vector<BaselineEstimate> baselines;
  // LLM only: tokens per sample (prompt tokens for prefill, 1 for decode).
  int64_t tokens_per_sample = 0;
  double tokens_per_s() const { return chip.samples_per_s * static_cast<double>(tokens_per_sample); }
  double joules_per_token() const {
    return tokens_per_sample > 0 ? chip.energy_per_sample_j / static_cast<double>(tokens_per_sample) : 0;
  }
};

struct EstimateReport {
  std::string chip_id, chip_name, route;
  MacroPeak macro;
  std::vector<PhaseEstimate> phases;
  std::optional<LlmConfig> llm;
};

struct EstimateOptions {
  int64_t batch = 0;                     // 0 = the workload's own batch
  std::vector<std::string> baselines;    // preset ids; empty = every gpu/npu/cpu preset found
  bool with_baselines = true;
};

// A layer-shape workload (no graph): actions from the layer-shape mapping (simple_mapping.h).
EstimateReport estimate(const arch::ChipSpec& chip, const Workload& workload, const EstimateOptions& options);
// A model: compiled onto the chip (src/ohmic/compile) and priced from the Plan's action counts, so utilization,
// replication, array sharing and weight reloads show up. Baselines run the same layers. Throws ohmic::Error with the
// compiler's reason when the model cannot be mapped onto the chip.
EstimateReport estimate_model(const arch::ChipSpec& chip, const graph::Graph& model, const std::string& name,
                              const EstimateOptions& options);
EstimateReport estimate_llm(const arch::ChipSpec& chip, const LlmConfig& llm, const EstimateOptions& options);

// Ids of every von Neumann preset (route gpu, npu or cpu) in the preset directories.
std::vector<std::string> baseline_preset_ids();

}  // namespace ohmic::cost
