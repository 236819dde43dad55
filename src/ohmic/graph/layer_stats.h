#pragma once
// Per-node size statistics of a graph: output shapes, weight parameter counts and multiply-accumulates (MACs) counted
// from each layer's real geometry. Used by `ohmic inspect` and by the cost model.
//
// Shapes come from the values' (shape-inferred) types, with every batch symbol replaced by `batch`: a batch symbol
// is a named dimension that some graph input has at axis 0. Dims still unknown after that stay -1, and a node whose
// MACs need one is marked macs_known = false (import with onnx::ImportOptions::batch set to get concrete shapes
// throughout).
//
// MACs: Conv / ConvInteger / QLinearConv: N·Cout·prod(out spatial)·(Cin/group)·prod(kernel), the output spatial size
// from the input size, pads (or auto_pad), strides and dilations; Gemm: M·K·N; MatMul / MatMulInteger /
// QLinearMatMul: (output elements)·K, batched dims included. Other ops: 0.
// Weight parameters: elements of the constant inputs that hold learned values (weights, biases, norm scales/shifts,
// constant operands of Add/Sub/Mul/Div/MatMul, quantized weights feeding DequantizeLinear); never shape-like inputs,
// quantization scales or zero points.
#include <cstdint>
#include <string>
#include <vector>

#include "ohmic/graph/graph.h"

namespace ohmic::graph {

struct LayerStats {
  std::string name;
  OpKind op{};
  std::vector<Dims> input_dims;   // per node input (omitted optional inputs: empty); unknown dims are -1
  std::vector<Dims> output_dims;  // per node output
  int64_t weight_params = 0;
  std::vector<int> weight_values;  // ids of the constant values counted in weight_params (a shared weight appears
                                   // in several layers; count it once for a model total)
  int64_t macs = 0;
  bool macs_known = true;
};

std::vector<LayerStats> layer_stats(const Graph& g, int64_t batch = 1);

// Output spatial size of one convolution/pooling axis (ONNX Conv rules): explicit pads, or auto_pad SAME_UPPER /
// SAME_LOWER (ceil(in / stride)) / VALID.
int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t pad_begin,
                         int64_t pad_end, const std::string& auto_pad);

}  // namespace ohmic::graph
