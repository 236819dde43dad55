#include "ohmic/onnx/qdq.h"

#include "ohmic/core/error.h"

namespace ohmic::onnx::detail {
namespace {

using graph::DType;

const graph::Tensor* constant_input(const graph::Graph& g, const graph::Node& n, size_t i) {
  if (!n.has_input(i)) return nullptr;
  const graph::Value& v = g.value(n.inputs[i]);
  return v.constant ? &*v.constant : nullptr;
}

// Quantization parameters of a Q or DQ node, or nullopt when its scale is not a constant (then they are only known at
// run time). `quantized` is the value holding the integers.
std::optional<graph::QuantParams> params_of(const graph::Graph& g, const graph::Node& n, int quantized,
                                            const std::string& where) {
  const graph::Tensor* scale = constant_input(g, n, 1);
  if (!scale) return std::nullopt;
  const graph::Tensor* zero_point = constant_input(g, n, 2);
  if (n.has_input(2) && !zero_point) return std::nullopt;
  graph::QuantParams q;
  for (double s : scale->to_doubles()) q.scale.push_back(static_cast<float>(s));
  if (zero_point) q.zero_point = zero_point->to_int64s();
  else q.zero_point.assign(q.scale.size(), 0);
  if (q.zero_point.size() != q.scale.size())
    fail(where, n.label() + " has " + std::to_string(q.scale.size()) + " scale(s) but " +
                    std::to_string(q.zero_point.size()) + " zero point(s)",
         "give scale and zero point the same shape");
  // ONNX: the zero point's type is the quantized type; QuantizeLinear without one produces uint8.
  const graph::Value& qv = g.value(quantized);
  if (zero_point) q.storage = zero_point->dtype();
  else if (n.op == graph::OpKind::QuantizeLinear) q.storage = DType::UInt8;
  else q.storage = qv.type.dtype;
  if (!graph::dtype_is_integer(q.storage))
    fail(where, n.label() + " quantizes to " + std::string(graph::dtype_name(q.storage)) + ", not an integer type",
         "use an int8/uint8 (or wider integer) zero point");
  q.bits = static_cast<int>(graph::dtype_size(q.storage) * 8);
  if (scale->rank() > 0 && scale->numel() > 1) {
    int64_t axis = n.attr_int("axis", 1);
    if (axis < 0 && qv.type.shape) axis += static_cast<int64_t>(qv.type.shape->size());
    q.axis = static_cast<int>(axis);
  }
  return q;
}

}  // namespace

void attach_quant_params(graph::Graph& g, const std::string& where) {
  for (const graph::Node& n : g.nodes) {
    int quantized = graph::kNoValue;
    if (n.op == graph::OpKind::QuantizeLinear && !n.outputs.empty()) quantized = n.outputs[0];
    else if (n.op == graph::OpKind::DequantizeLinear && !n.inputs.empty()) quantized = n.inputs[0];
    if (quantized == graph::kNoValue) continue;
    graph::Value& v = g.value(quantized);
    if (v.quant) continue;  // the Q and DQ of a pair describe the same value
    v.quant = params_of(g, n, quantized, where);
  }
}

}  // namespace ohmic::onnx::detail
