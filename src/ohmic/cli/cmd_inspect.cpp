// `ohmic inspect MODEL [--batch N] [--json FILE] [--dump]` and `ohmic inspect --list-ops`: a model's summary (inputs,
// outputs, op histogram, parameters, MACs) and per-layer table; --dump prints the imported graph IR.
//
// The summary needs concrete shapes to count MACs, so the inputs' open axis 0 is set to --batch (default 1) and the
// inputs it filled in are labelled with the model's symbol. --dump shows the model's own (symbolic) shapes unless
// --batch is given; then a header names what was set.
#include <cstdio>

#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/core/error.h"
#include "ohmic/onnx/importer.h"
#include "ohmic/onnx/model_summary.h"

namespace ohmic::cli {

namespace {

struct InspectArgs {
  std::string model, json_file;
  int64_t batch = 0;  // 0: not given
  bool dump = false, list_ops = false;
};

// "# --batch 4: axis 0 of input 'x' ('batch' in the model) is set to 4", one line per input it filled in.
std::string batch_header(const std::vector<onnx::BatchedInput>& batched, int64_t batch) {
  std::string out;
  for (const auto& b : batched)
    out += "# --batch " + std::to_string(batch) + ": axis 0 of input '" + b.input + "' (" +
           (b.symbol.empty() ? "open" : "'" + b.symbol + "'") + " in the model) is set to " + std::to_string(batch) +
           "\n";
  return out;
}

void run_inspect(const InspectArgs& a) {
  if (a.list_ops) {
    std::fputs(onnx::supported_ops_text().c_str(), stdout);
    return;
  }
  if (a.model.empty()) fail("ohmic inspect", "no model given", "run `ohmic inspect MODEL.onnx`");
  const bool batch_given = a.batch > 0;
  const int64_t batch = batch_given ? a.batch : 1;
  onnx::ImportOptions options;
  if (batch_given || !a.dump) options.batch = batch;
  onnx::ImportedModel m = onnx::import_model_with_report(a.model, options);
  if (batch_given && m.batched_inputs.empty())
    std::fprintf(stderr, "ohmic: note: --batch %lld changed nothing: the model fixes axis 0 of every input\n",
                 static_cast<long long>(batch));
  if (a.dump) {
    std::fputs((batch_header(m.batched_inputs, batch) + graph::dump(m.graph)).c_str(), stdout);
    return;
  }
  onnx::ModelSummary summary = onnx::summarize_model(m.graph, batch, m.batched_inputs);
  std::fputs(onnx::summary_text(summary).c_str(), stdout);
  if (!a.json_file.empty()) write_text_file(a.json_file, onnx::summary_json(summary));
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Summarize an ONNX model: inputs, outputs, ops, parameters, MACs per layer");
  cmd->add_option("MODEL", args->model, "the .onnx file");
  cmd->add_option("--batch", args->batch,
                  "batch size for shapes and MACs: sets the inputs' open (symbolic) axis 0 (summary default 1; "
                  "--dump keeps the model's symbols unless given)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--json", args->json_file, "also write the summary as JSON to this file (keys in docs/onnx.md)");
  cmd->add_flag("--dump", args->dump, "print the imported graph IR instead of the summary");
  cmd->add_flag("--list-ops", args->list_ops, "list the ONNX ops ohmic imports and exit");
  cmd->callback([args] { run_inspect(*args); });
}

}  // namespace ohmic::cli
