#pragma once
// ModelProto (checked, shape-inferred, external data loaded) -> graph::Graph (internal to ohmic_onnx).
#include <cstdint>
#include <string>

#include <onnx/onnx_pb.h>

#include "ohmic/graph/graph.h"

namespace ohmic::onnx::detail {

// Initializers and Constant nodes become constant values; graph inputs that are also initializers are constants,
// not inputs; value types come from the graph's inputs, outputs and value_info (filled by shape inference).
// Attributes: INT -> int64_t, FLOAT -> float, STRING, INTS, FLOATS, STRINGS, TENSOR -> graph::Tensor; other kinds
// (graphs, sparse tensors, type protos) are an error naming the node.
// Each initializer's bytes are released from `model` once converted, so the data is held about once, not twice.
graph::Graph build_graph(::onnx::ModelProto& model, int64_t opset, const std::string& where);

}  // namespace ohmic::onnx::detail
