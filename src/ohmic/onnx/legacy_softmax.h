#pragma once
// Softmax / LogSoftmax before opset 13 (internal to ohmic_onnx).
//
// Opsets 1..12 define Softmax(axis = a, default 1) on the input coerced to 2-D: flatten to
// [prod(dims[:a]), prod(dims[a:])], normalize over the second dimension, reshape back. Opset 13 normalizes along the
// one axis a (default -1), which is what exec/'s kernel does. The two agree when a is the last axis; for any other
// axis (including the default 1 on rank > 2, or an unknown rank) this rewrite gives the old meaning:
//   x -> Flatten(axis = a) -> Softmax(axis = 1) -> Reshape(Shape(x), allowzero = 1) -> the node's output
// The Softmax node keeps its name; the new nodes are called "<name>/flatten", "<name>/shape", "<name>/reshape".
#include "ohmic/graph/graph.h"

namespace ohmic::onnx::detail {

// Rewrites every Softmax / LogSoftmax whose pre-13 meaning differs from the one-axis kernel; a no-op when
// g.opset >= 13. Keeps the nodes in topological order.
void expand_legacy_softmax(graph::Graph& g);

}  // namespace ohmic::onnx::detail
