// ohmic estimate: energy, latency and area of a workload on a CIM chip, its macro peak, and von Neumann baselines.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ohmic/arch/loader.h"
#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/core/error.h"
#include "ohmic/cost/bottlenecks.h"
#include "ohmic/cost/estimate.h"
#include "ohmic/cost/report.h"
#include "ohmic/onnx/importer.h"
#include "ohmic/cost/workload/workload_file.h"

namespace ohmic::cli {
namespace {

struct EstimateCliOptions {
  std::string chip;
  std::string model;
  std::string workload;
  std::string json_path;
  int64_t batch = 0;
  std::vector<std::string> baselines;
  bool no_baselines = false;
  bool no_layers = false;
  bool bottlenecks = false;
};

void run_estimate(const EstimateCliOptions& o) {
  if (o.model.empty() == o.workload.empty())
    fail("ohmic estimate", "give exactly one of MODEL.onnx or --workload FILE", "see ohmic estimate --help");
  const auto chip = arch::load_chip(o.chip);
  cost::EstimateOptions opt;
  opt.batch = o.batch;
  opt.baselines = o.baselines;
  opt.with_baselines = !o.no_baselines;
  cost::EstimateReport report;
  if (!o.model.empty()) {
    onnx::ImportOptions import;
    import.batch = 1;  // concrete shapes; --batch sets the estimate's batch
    const std::string name = std::filesystem::path(o.model).stem().string();
    report = cost::estimate_model(*chip, onnx::import_model(o.model, import), name, opt);
  } else {
    const cost::WorkloadFile f = cost::read_workload_file(o.workload);
    report = f.llm ? cost::estimate_llm(*chip, *f.llm, opt) : cost::estimate(*chip, *f.layers, opt);
  }
  nlohmann::json j = cost::estimate_json(report);
  std::optional<cost::BottleneckFindings> findings;
  if (o.bottlenecks) {
    findings = cost::bottleneck_findings(*chip, &report.phases.front().chip);
    j["bottlenecks"] = cost::bottleneck_json(*findings);
  }
  if (o.json_path != "-") {
    std::cout << cost::estimate_text(report, !o.no_layers);
    if (findings) std::cout << "\n" << cost::bottleneck_text(*findings);
  }
  if (!o.json_path.empty()) write_json(o.json_path, j);
}

}  // namespace

void add_estimate_command(CLI::App& app) {
  auto opt = std::make_shared<EstimateCliOptions>();
  auto* cmd = app.add_subcommand(
      "estimate",
      "Energy, latency and area of a model on a CIM chip: macro peak (TOPS, TOPS/W, TOPS/mm2 at the stated "
      "precision), the workload on the full chip with breakdowns by component and layer, and the same workload on "
      "GPU/NPU baselines. LLM workload files give prefill and decode separately.");
  cmd->add_option("--chip", opt->chip, "chip preset id or YAML file (see `ohmic chips`)")->required();
  cmd->add_option("model", opt->model, "ONNX model (weight shapes and conv geometry are read from it)");
  cmd->add_option("--workload", opt->workload, "workload YAML: a layer list or an `llm:` config (docs/cost-model.md)");
  cmd->add_option("--json", opt->json_path, "also write the report as JSON to FILE ('-' = stdout only, no text)");
  cmd->add_option("--batch", opt->batch, "samples per batch (weights reloaded once per batch); default the workload's")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--baseline", opt->baselines, "baseline preset id (repeatable); default every gpu/npu/cpu preset");
  cmd->add_flag("--no-baselines", opt->no_baselines, "skip the von Neumann baselines");
  cmd->add_flag("--no-layers", opt->no_layers, "omit the per-layer table from the text report");
  cmd->add_flag("--bottlenecks", opt->bottlenecks,
                "add the bottleneck findings: ADC share of power and area at 4/6/8-bit ADCs, macro vs chip efficiency");
  cmd->callback([opt] { run_estimate(*opt); });
}

}  // namespace ohmic::cli
