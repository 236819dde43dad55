#include "ohmic/onnx/shape_inference.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "ohmic/core/child_process.h"
#include "ohmic/core/error.h"

namespace ohmic::onnx::detail {
namespace {

// Child side: infer, then return a GraphProto holding only value_info and outputs (errors are thrown to the parent).
std::string infer_types(::onnx::ModelProto& model) {
  ::onnx::ShapeInferenceOptions options(/*check_type=*/true, /*strict_mode=*/1, /*data_prop=*/true);
  ::onnx::shape_inference::InferShapes(model, ::onnx::OpSchemaRegistry::Instance(), options);
  ::onnx::GraphProto types;
  *types.mutable_value_info() = model.graph().value_info();
  *types.mutable_output() = model.graph().output();
  return types.SerializeAsString();
}

}  // namespace

void run_shape_inference(::onnx::ModelProto& model, const std::string& where) {
  (void)::onnx::OpSchemaRegistry::Instance();  // build the schema registry before forking
  ChildResult child = run_in_child(where + ": shape inference", [&] { return infer_types(model); });
  switch (child.end) {
    case ChildResult::End::Returned: break;
    case ChildResult::End::Threw:
      fail(where, "ONNX shape inference failed: " + child.bytes, "check the model's input shapes and node attributes");
    case ChildResult::End::Signaled:
      fail(where, "ONNX shape inference " + child.describe() + ": the model is malformed, e.g. a node's input ranks "
                  "or attributes disagree with its operator",
           "check the model with onnx.checker.check_model(model, full_check=True) and re-export it");
    default: fail(where, "ONNX shape inference ended without a result (" + child.describe() + ")");
  }
  ::onnx::GraphProto types;
  if (!types.ParseFromString(child.bytes)) fail(where, "ONNX shape inference returned an unreadable result");
  auto* g = model.mutable_graph();
  *g->mutable_value_info() = types.value_info();
  if (types.output_size() == g->output_size())
    for (int i = 0; i < g->output_size(); ++i) *g->mutable_output(i)->mutable_type() = types.output(i).type();
}

}  // namespace ohmic::onnx::detail
