#include "ohmic/onnx/importer.h"

#include <filesystem>
#include <set>

#include "ohmic/onnx/external_data.h"
#include "ohmic/onnx/graph_builder.h"
#include "ohmic/onnx/legacy_softmax.h"
#include "ohmic/onnx/model_checks.h"
#include "ohmic/onnx/proto_io.h"
#include "ohmic/onnx/qdq.h"
#include "ohmic/onnx/shape_inference.h"
#include "ohmic/onnx/tensor_proto.h"

namespace ohmic::onnx {
namespace {

// Errors raised by lower layers ("graph: ...", "tensor: ...") get the model's name in front.
[[noreturn]] void rethrow_naming(const Error& e, const std::string& where) {
  std::string msg = e.what();
  if (msg.rfind(where, 0) == 0) throw;
  throw Error(where + ": " + msg);
}

// Sets every open (symbolic or unknown) axis 0 of the graph inputs to `batch`; returns the inputs it changed.
std::vector<BatchedInput> fix_batch_dim(::onnx::ModelProto& model, int64_t batch, const std::string& where) {
  if (batch <= 0) fail(where, "batch size " + std::to_string(batch) + " is not positive", "give a batch of 1 or more");
  std::set<std::string> initializers;
  for (const auto& init : model.graph().initializer()) initializers.insert(init.name());
  std::vector<BatchedInput> changed;
  for (auto& in : *model.mutable_graph()->mutable_input()) {
    if (initializers.count(in.name()) || !in.type().has_tensor_type() || !in.type().tensor_type().has_shape()) continue;
    auto* shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() == 0 || shape->dim(0).has_dim_value()) continue;
    changed.push_back({in.name(), shape->dim(0).dim_param()});
    shape->mutable_dim(0)->set_dim_value(batch);
  }
  return changed;
}

// Everything after parsing; the model is consumed (initializer bytes are released as they are converted).
ImportedModel import_parsed(::onnx::ModelProto& model, const std::string& where, const std::string& base_dir,
                            const ImportOptions& options) {
  detail::check_supported_ops(model, where);
  const int64_t opset = detail::check_opset(model, where);
  ImportedModel result;
  graph::Graph& g = result.graph;
  try {
    detail::load_external_data(model, base_dir, where);
    if (options.run_checker) detail::run_onnx_checker(model, where);
    if (options.batch) result.batched_inputs = fix_batch_dim(model, *options.batch, where);
    if (options.infer_shapes) detail::run_shape_inference(model, where);
    g = detail::build_graph(model, opset, where);
    detail::expand_legacy_softmax(g);
    detail::attach_quant_params(g, where);
    graph::verify(g);
  } catch (const Error& e) {
    rethrow_naming(e, where);
  }
  if (g.name.empty()) g.name = std::filesystem::path(where).stem().string();
  return result;
}

}  // namespace

graph::Graph import_model_from_bytes(std::span<const uint8_t> bytes, const std::string& name_for_messages,
                                     const std::string& base_dir, const ImportOptions& options) {
  ::onnx::ModelProto model = detail::parse_model(bytes, name_for_messages);
  return import_parsed(model, name_for_messages, base_dir, options).graph;
}

graph::Graph import_model(const std::string& path, const ImportOptions& options) {
  return import_model_with_report(path, options).graph;
}

ImportedModel import_model_with_report(const std::string& path, const ImportOptions& options) {
  ::onnx::ModelProto model;
  {
    std::vector<uint8_t> bytes = detail::read_file_bytes(path);  // freed before the tensors are built
    model = detail::parse_model(bytes, path);
  }
  std::string dir = std::filesystem::path(path).parent_path().string();
  return import_parsed(model, path, dir.empty() ? "." : dir, options);
}

graph::Tensor read_tensor_pb(const std::string& path) {
  std::vector<uint8_t> bytes = detail::read_file_bytes(path);
  ::onnx::TensorProto t = detail::parse_tensor(bytes, path);
  try {
    return detail::tensor_from_proto(t, path);
  } catch (const Error& e) {
    rethrow_naming(e, path);
  }
}

}  // namespace ohmic::onnx
