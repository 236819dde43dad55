#pragma once
// QDQ models: QuantizeLinear / DequantizeLinear nodes stay in the graph (the executor runs them); the quantized value
// between them (QuantizeLinear's output, DequantizeLinear's input, e.g. an int8 weight initializer) gets
// graph::QuantParams read from the constant scale and zero point (internal to ohmic_onnx).
#include <string>

#include "ohmic/graph/graph.h"

namespace ohmic::onnx::detail {

void attach_quant_params(graph::Graph& g, const std::string& where);

}  // namespace ohmic::onnx::detail
