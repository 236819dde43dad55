// `ohmic inspect MODEL [--batch N] [--json FILE] [--dump]` and `ohmic inspect --list-ops`: a model's summary (inputs,
// outputs, op histogram, parameters, MACs) and per-layer table; --dump prints the imported graph IR.
#include <cstdio>
#include <fstream>

#include "ohmic/cli/commands.h"
#include "ohmic/core/error.h"
#include "ohmic/onnx/importer.h"
#include "ohmic/onnx/model_summary.h"

namespace ohmic::cli {

namespace {

struct InspectArgs {
  std::string model, json_file;
  int64_t batch = 1;
  bool dump = false, list_ops = false;
};

void run_inspect(const InspectArgs& a) {
  if (a.list_ops) {
    std::fputs(onnx::supported_ops_text().c_str(), stdout);
    return;
  }
  if (a.model.empty()) fail("ohmic inspect", "no model given", "run `ohmic inspect MODEL.onnx`");
  onnx::ImportOptions options;
  options.batch = a.batch;
  graph::Graph g = onnx::import_model(a.model, options);
  if (a.dump) {
    std::fputs(graph::dump(g).c_str(), stdout);
    return;
  }
  onnx::ModelSummary summary = onnx::summarize_model(g, a.batch);
  std::fputs(onnx::summary_text(summary).c_str(), stdout);
  if (!a.json_file.empty()) {
    std::ofstream out(a.json_file);
    if (!(out << onnx::summary_json(summary))) fail(a.json_file, "cannot write the JSON summary", "check the path");
  }
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Summarize an ONNX model: inputs, outputs, ops, parameters, MACs per layer");
  cmd->add_option("MODEL", args->model, "the .onnx file");
  cmd->add_option("--batch", args->batch, "batch size for shapes and MACs (fixes the inputs' symbolic axis 0)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--json", args->json_file, "also write the summary as JSON to this file (keys in docs/onnx.md)");
  cmd->add_flag("--dump", args->dump, "print the imported graph IR instead of the summary");
  cmd->add_flag("--list-ops", args->list_ops, "list the ONNX ops ohmic imports and exit");
  cmd->callback([args] { run_inspect(*args); });
}

}  // namespace ohmic::cli
