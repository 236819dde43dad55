// Pass 1: the capability query. One function decides, for every node, where it runs and why (the ONNX Runtime
// execution-provider idea): matrix ops with constant weights go to the CIM arrays, numeric ops to the chip's
// digital unit when it has one, everything else to the host; pure re-indexing is layout.
#include <fmt/format.h>

#include <algorithm>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {
namespace {

using graph::OpKind;

struct OpFamily {
  std::string kind;      // elementwise, pool, softmax, norm, reduce, matmul, conv, layout, shape
  bool digital_capable;  // the digital unit can run it
};

OpFamily family_of(OpKind op) {
  switch (op) {
    case OpKind::Flatten: case OpKind::Reshape: case OpKind::Squeeze: case OpKind::Unsqueeze:
    case OpKind::Identity: case OpKind::Dropout: case OpKind::Transpose: case OpKind::Concat:
    case OpKind::Split: case OpKind::Slice: case OpKind::Expand: case OpKind::Pad:
      return {"layout", false};
    case OpKind::Shape: case OpKind::ConstantOfShape: case OpKind::Range: case OpKind::Cast:
    case OpKind::Equal: case OpKind::Where: case OpKind::Gather:
      return {"shape", false};
    case OpKind::MaxPool: case OpKind::AveragePool: case OpKind::GlobalAveragePool: case OpKind::GlobalMaxPool:
      return {"pool", true};
    case OpKind::Softmax: case OpKind::LogSoftmax:
      return {"softmax", true};
    case OpKind::LayerNormalization: case OpKind::BatchNormalization:
      return {"norm", true};
    case OpKind::ReduceMean: case OpKind::ReduceSum: case OpKind::ReduceMax:
      return {"reduce", true};
    case OpKind::MatMul: case OpKind::Gemm: case OpKind::MatMulInteger: case OpKind::QLinearMatMul:
      return {"matmul", true};
    case OpKind::Conv: case OpKind::ConvInteger: case OpKind::QLinearConv:
      return {"conv", true};
    default:
      return {"elementwise", true};
  }
}

int64_t numel_or_unknown(const std::optional<graph::Dims>& d) { return d ? graph::element_count(*d) : -1; }

// Arithmetic operations of a non-CIM node per batch (1 MAC = 2 ops); -1 when a shape is unknown.
int64_t node_ops(const graph::Graph& g, const graph::Node& n, const std::string& kind, const CompileOptions& o) {
  if (kind == "layout" || n.outputs.empty() || n.outputs[0] < 0) return 0;
  const int64_t out = numel_or_unknown(concrete_dims(g.value(n.outputs[0]), o));
  const int64_t in = n.has_input(0) ? numel_or_unknown(concrete_dims(g.value(n.inputs[0]), o)) : -1;
  if (out < 0) return -1;
  if (kind == "pool") {
    if (n.op == OpKind::GlobalAveragePool || n.op == OpKind::GlobalMaxPool) return in;
    int64_t area = 1;
    for (int64_t k : n.attr_ints("kernel_shape")) area *= k;
    return out * area;  // one compare or add per window element
  }
  if (kind == "reduce") return in;
  if (kind == "softmax") return 3 * out;    // exp, sum, divide per element
  if (n.op == OpKind::LayerNormalization) return 8 * out;  // mean 1, variance 3, normalize 2, affine 2 per element
  if (n.op == OpKind::BatchNormalization) return 2 * out;  // folded scale and shift
  if (kind == "matmul" || kind == "conv") {
    // Output elements x reduction length x 2; the reduction length is the input's last dim (matmul) or
    // the weight's per-output volume (conv).
    const int wslot = (n.op == OpKind::QLinearMatMul || n.op == OpKind::QLinearConv) ? 3 : 1;
    if (!n.has_input(static_cast<size_t>(wslot))) return -1;
    const auto w = concrete_dims(g.value(n.inputs[static_cast<size_t>(wslot)]), o);
    if (!w || w->empty()) return -1;
    int64_t k = 1;
    if (kind == "conv") {
      for (size_t i = 1; i < w->size(); ++i) k *= (*w)[i];
    } else {
      const auto a = n.has_input(0) ? concrete_dims(g.value(n.inputs[0]), o) : std::nullopt;
      if (!a || a->empty()) return -1;
      k = a->back();
      if (n.op == OpKind::Gemm && n.attr_int("transA", 0)) k = a->front();
    }
    return 2 * out * k;
  }
  return out;
}

int64_t node_bytes(const graph::Graph& g, const graph::Node& n, const CompileOptions& o, int bytes_per_element) {
  int64_t elems = 0;
  for (int id : n.outputs)
    if (id >= 0) elems += std::max<int64_t>(0, numel_or_unknown(concrete_dims(g.value(id), o)));
  if (n.has_input(0) && !g.value(n.inputs[0]).constant)
    elems += std::max<int64_t>(0, numel_or_unknown(concrete_dims(g.value(n.inputs[0]), o)));
  return elems * bytes_per_element;
}

bool has_negative_weights(const graph::Graph& g, const WeightSource& w) {
  const std::vector<double> v = g.value(w.value).constant->to_doubles();
  const double zp = w.zero_points.empty() ? 0.0 : static_cast<double>(w.zero_points.front());
  return std::any_of(v.begin(), v.end(), [&](double x) { return x < zp; });
}

// The CIM decision for a matrix op, or the reason it stays off the arrays.
std::string cim_refusal(const CompileContext& ctx, const graph::Node& n, const std::vector<int>& producers,
                        std::string* accepted) {
  const WeightSource w = resolve_weight(ctx.graph, n, producers);
  if (!w.why_not.empty()) return w.why_not;
  for (int64_t zp : w.zero_points)
    if (zp != 0 && (n.op == OpKind::ConvInteger || n.op == OpKind::MatMulInteger))
      return "weight zero point is not 0 (asymmetric integer weights are not mapped)";
  const Expected<MatrixForm> m = lower_node(ctx.graph, n, w, ctx.options);
  if (!m) return m.reason();
  if (*ctx.chip.macro.signed_weights == arch::SignedWeights::kNone && has_negative_weights(ctx.graph, w))
    return "the chip stores unsigned weights only (signed_weights: none) and this layer has negative weights";
  *accepted = fmt::format("constant weights: {} matrix {}x{}{}{}", m->kind, m->rows, m->cols,
                          m->groups > 1 ? fmt::format(" per group x {} groups", m->groups) : "",
                          w.quantized ? ", model-quantized" : "");
  return {};
}

}  // namespace

PassStatus run_capability(Plan& plan, const CompileContext& ctx) {
  const graph::Graph& g = ctx.graph;
  const std::vector<int> producers = g.producers();
  const bool digital = ctx.chip.digital_unit.present();
  const int lane_bytes = digital ? std::max(1, ctx.chip.digital_unit.lane_bits.value_or(8) / 8) : 4;
  plan.nodes.clear();
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const graph::Node& n = g.nodes[i];
    NodeDecision d;
    d.node = static_cast<int>(i);
    d.name = n.name;
    d.op = std::string(graph::op_name(n.op));
    const OpFamily fam = family_of(n.op);
    d.op_kind = fam.kind;
    std::string refusal;
    if (matrix_operand_slots(n.op)) {
      std::string accepted;
      refusal = cim_refusal(ctx, n, producers, &accepted);
      if (refusal.empty()) {
        d.target = Target::kCim;
        d.reason = accepted;
        d.op_kind = "mvm";
        plan.nodes.push_back(std::move(d));
        continue;
      }
      if (fam.kind == "matmul" && refusal.find("run time") != std::string::npos)
        refusal.insert(0, "two dynamic operands (attention-style MatMul): ");
    }
    if (n.op == OpKind::DequantizeLinear && n.has_input(0) && g.value(n.inputs[0]).constant) {
      d.target = Target::kLayout;
      d.op_kind = "weights";
      d.reason = "dequantizes a constant: folded into the consuming layer's scales at compile time";
      plan.nodes.push_back(std::move(d));
      continue;
    }
    if (fam.kind == "layout") {
      d.target = Target::kLayout;
      d.reason = "re-indexing only, no arithmetic (address generation in the buffers)";
      d.bytes = node_bytes(g, n, ctx.options, 1);
    } else if (fam.digital_capable && digital) {
      d.target = Target::kDigitalUnit;
      d.reason = (refusal.empty() ? "" : refusal + "; ") + "the chip's digital unit runs " + fam.kind + " ops";
      d.ops = node_ops(g, n, fam.kind, ctx.options);
      d.bytes = node_bytes(g, n, ctx.options, lane_bytes);
    } else {
      d.target = Target::kHost;
      d.reason = !refusal.empty() ? refusal
                 : fam.digital_capable ? "not a matrix op with constant weights, and the chip has no digital unit"
                                       : "shape/index computation: runs on the host";
      d.ops = node_ops(g, n, fam.kind, ctx.options);
      d.bytes = node_bytes(g, n, ctx.options, 4);
    }
    plan.nodes.push_back(std::move(d));
  }
  return PassOk{};
}

std::string print_capability(const Plan& plan) {
  std::string out = "== capability: where each node runs\n";
  for (const NodeDecision& d : plan.nodes) {
    out += fmt::format("  node {:>3} {:<20} {:<28} -> {:<12}", d.node, d.op, "'" + d.name + "'", target_name(d.target));
    if (d.target == Target::kHost || d.target == Target::kDigitalUnit)
      out += fmt::format(" [{} ops {}]", d.op_kind, d.ops);
    out += "  " + d.reason + "\n";
  }
  return out;
}

}  // namespace ohmic::compile::detail
