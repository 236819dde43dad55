#include "ohmic/data/host_eval.h"

#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/exec/executor.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::data {

HostModel::HostModel(const std::string& onnx_path)
    : path_(onnx_path), executor_(std::make_unique<exec::Executor>(onnx::import_model(onnx_path))) {}

HostModel::~HostModel() = default;

void HostModel::check_fits(const Dataset& data) const {
  const graph::Graph& g = executor_->graph();
  if (g.inputs.size() != 1)
    fail(path_, "has " + std::to_string(g.inputs.size()) + " inputs; evaluation feeds exactly one image tensor",
         "export the classifier with a single [batch, C, H, W] input");
  const graph::Value& in = g.value(g.inputs[0]);
  if (in.type.dtype != graph::DType::Float32 && in.type.dtype != graph::DType::Undefined)
    fail(path_, "input '" + in.name + "' is " + std::string(graph::dtype_name(in.type.dtype)) + ", not float32",
         "evaluate a float model (quantize it inside the graph with QuantizeLinear if needed)");
  if (in.type.shape) check_fits_input(data, in.name, *in.type.shape);
}

graph::Tensor HostModel::forward(const graph::Tensor& images) {
  std::vector<graph::Tensor> outputs = executor_->run({images});
  if (outputs.empty()) fail(path_, "has no outputs");
  return outputs.front();
}

EvalResult evaluate_on_host(const std::string& onnx_path, Dataset& data, const EvalOptions& options, int threads) {
  ThreadLimit limit(threads);
  HostModel model(onnx_path);
  model.check_fits(data);
  return evaluate(data, model.forward_fn(), options);
}

}  // namespace ohmic::data
