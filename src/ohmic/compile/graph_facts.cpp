#include "ohmic/compile/graph_facts.h"

#include <cmath>

namespace ohmic::compile::detail {

using graph::OpKind;

std::optional<graph::Dims> concrete_dims(const graph::Value& v, const CompileOptions& options) {
  if (v.constant) return v.constant->dims();
  if (!v.type.shape) return std::nullopt;
  graph::Dims out;
  const graph::Shape& s = *v.type.shape;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].known()) {
      out.push_back(s[i].size);
      continue;
    }
    auto it = s[i].symbol.empty() ? options.dims.end() : options.dims.find(s[i].symbol);
    if (it != options.dims.end()) {
      out.push_back(it->second);
    } else if (i == 0) {
      out.push_back(options.batch);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<OperandSlots> matrix_operand_slots(OpKind op) {
  switch (op) {
    case OpKind::Conv:
    case OpKind::Gemm: return OperandSlots{0, 1, 2};
    case OpKind::MatMul:
    case OpKind::ConvInteger:
    case OpKind::MatMulInteger: return OperandSlots{0, 1, -1};
    case OpKind::QLinearConv: return OperandSlots{0, 3, 8};
    case OpKind::QLinearMatMul: return OperandSlots{0, 3, -1};
    default: return std::nullopt;
  }
}

namespace {

int bits_of(const graph::Value& v) {
  if (v.quant) return v.quant->bits;
  switch (v.constant ? v.constant->dtype() : v.type.dtype) {
    case graph::DType::Int8:
    case graph::DType::UInt8: return 8;
    case graph::DType::Int16:
    case graph::DType::UInt16: return 16;
    default: return 32;
  }
}

const graph::Tensor* constant_input(const graph::Graph& g, const graph::Node& n, size_t slot) {
  if (!n.has_input(slot)) return nullptr;
  const graph::Value& v = g.value(n.inputs[slot]);
  return v.constant ? &*v.constant : nullptr;
}

void read_scales(const graph::Graph& g, const graph::Node& n, int scale_slot, int zp_slot, WeightSource& w) {
  if (const graph::Tensor* s = constant_input(g, n, static_cast<size_t>(scale_slot)))
    for (double d : s->to_doubles()) w.scales.push_back(static_cast<float>(d));
  if (const graph::Tensor* z = zp_slot >= 0 ? constant_input(g, n, static_cast<size_t>(zp_slot)) : nullptr)
    w.zero_points = z->to_int64s();
}

}  // namespace

WeightSource resolve_weight(const graph::Graph& g, const graph::Node& node, const std::vector<int>& producers) {
  WeightSource w;
  const auto slots = matrix_operand_slots(node.op);
  if (!slots || !node.has_input(static_cast<size_t>(slots->weight))) {
    w.why_not = "not a matrix op with a weight operand";
    return w;
  }
  const int id = node.inputs[static_cast<size_t>(slots->weight)];
  const graph::Value& v = g.value(id);
  const bool integer_op = node.op == OpKind::ConvInteger || node.op == OpKind::MatMulInteger ||
                          node.op == OpKind::QLinearConv || node.op == OpKind::QLinearMatMul;
  if (v.constant) {
    w.value = id;
    if (integer_op) {
      w.quantized = true;
      w.bits = bits_of(v);
      if (node.op == OpKind::QLinearConv || node.op == OpKind::QLinearMatMul) {
        read_scales(g, node, 4, 5, w);
      } else {
        w.scales = {1.0f};  // integer ops carry no scale: the integers are the weights
        if (const graph::Tensor* z = constant_input(g, node, 3)) w.zero_points = z->to_int64s();
      }
      w.axis = node.op == OpKind::QLinearMatMul ? 1 : 0;
    } else if (!graph::dtype_is_float(v.constant->dtype())) {
      w.why_not = "weight constant is " + std::string(graph::dtype_name(v.constant->dtype())) +
                  " in a float op (expected a float tensor or a DequantizeLinear of integers)";
      w.value = graph::kNoValue;
    }
    return w;
  }
  const int p = producers.at(static_cast<size_t>(id));
  if (p >= 0) {
    const graph::Node& dq = g.nodes[static_cast<size_t>(p)];
    if (dq.op == OpKind::DequantizeLinear && dq.has_input(0) && g.value(dq.inputs[0]).constant) {
      w.value = dq.inputs[0];
      w.quantized = true;
      w.bits = bits_of(g.value(w.value));
      read_scales(g, dq, 1, 2, w);
      const int64_t rank = g.value(w.value).constant->rank();
      int64_t axis = dq.attr_int("axis", 1);
      if (axis < 0) axis += rank;
      w.axis = static_cast<int>(axis);
      if (w.scales.empty()) {
        w.why_not = "DequantizeLinear '" + dq.name + "' has a scale that is not a constant";
        w.value = graph::kNoValue;
      }
      return w;
    }
    w.why_not = "weight operand '" + v.name + "' is computed at run time by " +
                std::string(graph::op_name(dq.op)) + " '" + dq.name + "' (CIM arrays hold constant weights)";
    return w;
  }
  w.why_not = "weight operand '" + v.name + "' is a graph input, not a constant (CIM arrays hold constant weights)";
  return w;
}

bool value_is_nonnegative(const graph::Graph& g, int value, const std::vector<int>& producers, std::string* reason) {
  for (int hops = 0; hops < 64 && value >= 0; ++hops) {
    const graph::Value& v = g.value(value);
    if (v.quant && v.quant->storage == graph::DType::UInt8) {
      *reason = "'" + v.name + "' is quantized to uint8";
      return true;
    }
    const int p = producers.at(static_cast<size_t>(value));
    if (p < 0) break;
    const graph::Node& n = g.nodes[static_cast<size_t>(p)];
    switch (n.op) {
      case OpKind::Relu:
      case OpKind::Sigmoid:
      case OpKind::HardSigmoid:
      case OpKind::Softmax:
        *reason = "produced by " + n.label();
        return true;
      case OpKind::Clip: {
        const graph::Tensor* lo = n.has_input(1) ? (g.value(n.inputs[1]).constant ? &*g.value(n.inputs[1]).constant
                                                                                  : nullptr)
                                                 : nullptr;
        if (lo && lo->numel() == 1 && lo->to_doubles()[0] >= 0) {
          *reason = "produced by " + n.label() + " with min >= 0";
          return true;
        }
        break;
      }
      case OpKind::MaxPool:
      case OpKind::AveragePool:
      case OpKind::GlobalAveragePool:
      case OpKind::GlobalMaxPool:
      case OpKind::Flatten:
      case OpKind::Reshape:
      case OpKind::Transpose:
      case OpKind::Squeeze:
      case OpKind::Unsqueeze:
      case OpKind::Identity:
      case OpKind::Dropout:
      case OpKind::Pad:
      case OpKind::QuantizeLinear:
      case OpKind::DequantizeLinear:
        if (n.has_input(0)) {
          value = n.inputs[0];
          continue;
        }
        break;
      default: break;
    }
    break;
  }
  *reason = "no evidence the input is non-negative: signed inputs assumed";
  return false;
}

int ceil_log2(int64_t n) {
  int b = 0;
  while (b < 62 && (int64_t{1} << b) < n) ++b;
  return b;
}

int bits_for_magnitude(int64_t max_abs, bool is_signed) {
  return ceil_log2(max_abs + 1) + (is_signed ? 1 : 0);
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace ohmic::compile::detail
