#pragma once
// A workload from an imported ONNX graph (graph::Graph): Conv / Gemm / MatMul nodes with constant weights become
// conv / gemm layers with their exact geometry (pads, strides, dilations, groups, auto_pad); MatMuls between two
// activations become dynamic matmuls; compute ops (activations, pooling, normalisation, element-wise arithmetic)
// become elementwise layers; pure data-layout ops (Reshape, Transpose, ...) cost nothing. Activations, batch norm and
// (de)quantization applied to an MVM's output are folded into its post-processing op (one per output element).
// Bits: QuantParams on the weight / input when the graph is quantized, else `default_bits` (8): a float model is
// costed as its 8-bit quantized version, and the workload's source line says so.
// Unknown dimensions (symbolic batch) count as 1.
#include <string>

#include "ohmic/cost/workload/workload.h"
#include "ohmic/graph/graph.h"

namespace ohmic::cost {

Workload graph_workload(const graph::Graph& g, const std::string& name, int default_bits = 8);

}  // namespace ohmic::cost
