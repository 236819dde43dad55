#include "ohmic/cost/estimate.h"

#include "ohmic/compile/compile.h"
#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/plan_mapping.h"
#include "ohmic/cost/workload/graph_workload.h"

#include "ohmic/arch/loader.h"
#include "ohmic/core/error.h"

namespace ohmic::cost {
namespace {

std::vector<arch::ChipSpecPtr> load_baselines(const EstimateOptions& o) {
  std::vector<arch::ChipSpecPtr> out;
  if (!o.with_baselines) return out;
  for (const auto& id : o.baselines.empty() ? baseline_preset_ids() : o.baselines) out.push_back(arch::load_chip(id));
  return out;
}

PhaseEstimate run_phase(const arch::ChipSpec& chip, const std::vector<arch::ChipSpecPtr>& baselines,
                        std::string phase, Workload w, int64_t batch) {
  PhaseEstimate p;
  p.phase = std::move(phase);
  p.chip = estimate_chip(w, chip, batch);
  for (const auto& b : baselines) p.baselines.push_back(estimate_baseline(w, *b, batch));
  p.workload = std::move(w);
  return p;
}

EstimateReport header(const arch::ChipSpec& chip) {
  if (!chip.is_cim())
    fail("estimate", "chip '" + chip.id + "' is a von Neumann part (" + arch::route_name(chip.route) + ")",
         "pass a compute-in-memory chip to --chip; GPUs and NPUs appear as baselines");
  EstimateReport r;
  r.chip_id = chip.id;
  r.chip_name = chip.name;
  r.route = arch::route_name(chip.route);
  r.macro = macro_peak(chip, native_point(chip));
  return r;
}

}  // namespace

std::vector<std::string> baseline_preset_ids() {
  std::vector<std::string> ids;
  for (const auto& p : arch::list_presets()) {
    const auto chip = arch::load_chip(p.path.string());
    if (arch::is_von_neumann(chip->route)) ids.push_back(p.id);
  }
  return ids;
}

EstimateReport estimate(const arch::ChipSpec& chip, const Workload& workload, const EstimateOptions& options) {
  EstimateReport r = header(chip);
  const auto baselines = load_baselines(options);
  const int64_t batch = options.batch > 0 ? options.batch : workload.batch;
  r.phases.push_back(run_phase(chip, baselines, "inference", workload, batch));
  return r;
}

EstimateReport estimate_model(const arch::ChipSpec& chip, const graph::Graph& model, const std::string& name,
                              const EstimateOptions& options) {
  EstimateReport r = header(chip);
  Workload w = graph_workload(model, name);
  const int64_t batch = options.batch > 0 ? options.batch : w.batch;
  compile::CompileOptions copt;
  copt.batch = batch;
  Expected<compile::Plan> plan = compile::compile(model, chip, copt);
  if (!plan.ok())
    fail("estimate: model '" + name + "' on chip '" + chip.id + "'", "cannot be mapped: " + plan.reason(),
         "pick a chip with more arrays or DRAM for weight reloads (see `ohmic compile`)");
  PhaseEstimate p;
  p.phase = "inference";
  p.chip = price_mapping(plan_mapping(*plan, chip, chip_resources(chip)), chip, name);
  p.chip.assumptions.push_back("actions counted from the compiler's Plan (" + plan->schedule.mode + " schedule, " +
                               std::to_string(plan->layers.size()) + " CIM layers, " +
                               std::to_string(plan->schedule.rounds.size()) + " weight-load round(s))");
  for (const auto& b : load_baselines(options)) p.baselines.push_back(estimate_baseline(w, *b, batch));
  p.workload = std::move(w);
  r.phases.push_back(std::move(p));
  return r;
}

EstimateReport estimate_llm(const arch::ChipSpec& chip, const LlmConfig& llm, const EstimateOptions& options) {
  EstimateReport r = header(chip);
  r.llm = llm;
  const auto baselines = load_baselines(options);
  const int64_t batch = options.batch > 0 ? options.batch : llm.batch;
  PhaseEstimate prefill = run_phase(chip, baselines, "prefill", llm_prefill_workload(llm), batch);
  prefill.tokens_per_sample = llm.prompt_tokens;
  PhaseEstimate decode = run_phase(chip, baselines, "decode", llm_decode_workload(llm), batch);
  decode.tokens_per_sample = 1;
  r.phases.push_back(std::move(prefill));
  r.phases.push_back(std::move(decode));
  return r;
}

}  // namespace ohmic::cost
