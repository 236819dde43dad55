#pragma once
// Whole-model checks before the graph is built (internal to ohmic_onnx).
#include <cstdint>
#include <string>

#include <onnx/onnx_pb.h>

namespace ohmic::onnx::detail {

// The default-domain opset. Opsets kMinOpset..kMaxOpset are accepted; an older opset only when every op the model
// uses has the same definition there as at kMinOpset (so the kernels, written to opset 11+, apply unchanged).
int64_t check_opset(const ::onnx::ModelProto& model, const std::string& where);

// Throws UnsupportedOpsError listing every op type outside graph/ops.def (Constant is folded, so it is supported),
// with the names of the nodes that use it.
void check_supported_ops(const ::onnx::ModelProto& model, const std::string& where);

// onnx::checker::check_model; its exceptions become ohmic::Error naming `where`.
void run_onnx_checker(const ::onnx::ModelProto& model, const std::string& where);

// A node's name: its ONNX name, or "<op_type>_<index>" when it has none.
std::string node_display_name(const ::onnx::NodeProto& node, int index);

}  // namespace ohmic::onnx::detail
