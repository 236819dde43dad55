#pragma once
// The smallest graph around one weight layer, built in code for benchmarks and tests:
//   input "x" (float32, the given shape) -> `op` (x, constant "w") -> output "y" (shape left to inference).
#include <string>

#include "ohmic/graph/graph.h"

namespace ohmic::graph {

// A graph named `graph_name` (opset 13) holding the one node `node_name` of `op` (e.g. Gemm, MatMul) that reads x
// and the constant `weight`.
Graph single_layer_graph(const std::string& graph_name, OpKind op, const std::string& node_name, Shape x_shape,
                         Tensor weight);

}  // namespace ohmic::graph
