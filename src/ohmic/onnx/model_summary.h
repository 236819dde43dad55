#pragma once
// What `ohmic inspect` shows about a model: name, opset, inputs and outputs, op histogram, parameter and MAC totals,
// and per-layer statistics (graph/layer_stats.h). JSON keys are stable and documented in docs/onnx.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ohmic/graph/graph.h"
#include "ohmic/graph/layer_stats.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {

struct ValueSummary {
  std::string name;
  std::string dtype;  // graph::dtype_name
  std::string shape;  // graph::shape_str, e.g. "[1, 1, 28, 28]"
  // For an input whose open axis 0 the import set to the batch: the model's name for it ("" = unnamed).
  std::optional<std::string> batch_symbol;
};

struct ModelSummary {
  std::string name;
  int64_t opset = 0;
  int64_t batch = 1;
  std::vector<ValueSummary> inputs, outputs;
  std::map<std::string, int> op_histogram;  // op name -> node count
  int64_t total_params = 0;                 // each constant counted once even when several layers share it
  int64_t total_macs = 0;
  bool macs_complete = true;  // false when some layer's MACs could not be counted (unknown dims)
  std::vector<graph::LayerStats> layers;
};

// `batched_inputs` (from import_model_with_report) marks the inputs whose axis 0 the batch filled in; the text labels
// their shapes so that a concrete size is not mistaken for the model's own: "[4, 784] (axis 0 'batch' = --batch 4)".
ModelSummary summarize_model(const graph::Graph& g, int64_t batch, const std::vector<BatchedInput>& batched_inputs = {});
std::string summary_text(const ModelSummary& s);
std::string summary_json(const ModelSummary& s);
// The ops ohmic imports (graph/ops.def plus Constant, which is folded), one per line.
std::string supported_ops_text();

}  // namespace ohmic::onnx
