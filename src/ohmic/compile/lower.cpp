// Pass 2: lowering. Convolution becomes im2col x weight matrix (rows ordered c_in, kh, kw; one matrix per group),
// Gemm and MatMul become X[positions x K] x W[K x N] with every leading (batch) dimension folded into positions;
// a MatMul with a 3-D constant weight [G, K, N] becomes G grouped matrices.
#include <fmt/format.h>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {
namespace {

using graph::OpKind;

std::string value_name(const graph::Graph& g, const graph::Node& n, int slot) {
  return slot >= 0 && n.has_input(static_cast<size_t>(slot)) ? g.value(n.inputs[static_cast<size_t>(slot)]).name
                                                             : std::string();
}

Expected<MatrixForm> lower_conv(const graph::Graph& g, const graph::Node& n, const graph::Dims& w,
                                const graph::Dims& x) {
  using R = Expected<MatrixForm>;
  if (w.size() != 4 && w.size() != 3)
    return R::failure(fmt::format("{}-D convolution is not lowered (2-D and 1-D only)", static_cast<int>(w.size()) - 2));
  if (x.size() != w.size()) return R::failure("input rank does not match the weight rank");
  const bool one_d = w.size() == 3;
  MatrixForm m;
  m.kind = "conv";
  m.weight_transposed = true;
  m.groups = n.attr_int("group", 1);
  ConvGeometry& c = m.conv;
  c.in_c = x[1];
  c.in_h = one_d ? 1 : x[2];
  c.in_w = x.back();
  c.kernel_h = one_d ? 1 : w[2];
  c.kernel_w = w.back();
  const auto pick = [&](const std::vector<int64_t>& v, size_t i2d, int64_t def) {
    if (v.empty()) return def;
    if (one_d) return i2d == 0 ? def : v.at(0);
    return v.at(i2d);
  };
  const auto strides = n.attr_ints("strides");
  const auto dil = n.attr_ints("dilations");
  const auto pads = n.attr_ints("pads");
  const size_t spatial = one_d ? 1 : 2;
  if ((!strides.empty() && strides.size() != spatial) || (!dil.empty() && dil.size() != spatial) ||
      (!pads.empty() && pads.size() != 2 * spatial))
    return R::failure("strides/dilations/pads do not match the kernel rank");
  c.stride_h = pick(strides, 0, 1);
  c.stride_w = pick(strides, 1, 1);
  c.dilation_h = pick(dil, 0, 1);
  c.dilation_w = pick(dil, 1, 1);
  if (!pads.empty()) {
    if (one_d) {
      c.pad_left = pads[0];
      c.pad_right = pads[1];
    } else {
      c.pad_top = pads[0];
      c.pad_left = pads[1];
      c.pad_bottom = pads[2];
      c.pad_right = pads[3];
    }
  }
  const std::string auto_pad = n.attr_string("auto_pad", "NOTSET");
  const auto same_pads = [&](int64_t in, int64_t k, int64_t s, int64_t d, int64_t* begin, int64_t* end) {
    const int64_t out = (in + s - 1) / s;
    const int64_t total = std::max<int64_t>(0, (out - 1) * s + d * (k - 1) + 1 - in);
    *begin = auto_pad == "SAME_LOWER" ? (total + 1) / 2 : total / 2;
    *end = total - *begin;
  };
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    same_pads(c.in_h, c.kernel_h, c.stride_h, c.dilation_h, &c.pad_top, &c.pad_bottom);
    same_pads(c.in_w, c.kernel_w, c.stride_w, c.dilation_w, &c.pad_left, &c.pad_right);
  } else if (auto_pad == "VALID") {
    c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 0;
  } else if (auto_pad != "NOTSET") {
    return R::failure("auto_pad '" + auto_pad + "' is not an ONNX value");
  }
  if (c.stride_h < 1 || c.stride_w < 1 || c.dilation_h < 1 || c.dilation_w < 1)
    return R::failure("strides and dilations must be >= 1");
  const auto out_size = [](int64_t in, int64_t pb, int64_t pe, int64_t k, int64_t s, int64_t d) {
    const int64_t span = in + pb + pe - d * (k - 1) - 1;
    return span < 0 ? int64_t{0} : span / s + 1;
  };
  c.out_h = out_size(c.in_h, c.pad_top, c.pad_bottom, c.kernel_h, c.stride_h, c.dilation_h);
  c.out_w = out_size(c.in_w, c.pad_left, c.pad_right, c.kernel_w, c.stride_w, c.dilation_w);
  if (m.groups < 1 || c.in_c % m.groups != 0 || w[0] % m.groups != 0 || w[1] * m.groups != c.in_c)
    return R::failure(fmt::format("group={} does not divide {} input and {} output channels with weight {}", m.groups,
                                  c.in_c, w[0], graph::dims_str(w)));
  if (c.out_h < 1 || c.out_w < 1) return R::failure("the kernel is larger than the padded input");
  m.rows = w[1] * c.kernel_h * c.kernel_w;
  m.cols = w[0] / m.groups;
  m.batch = x[0];
  m.positions = x[0] * c.out_h * c.out_w;
  return m;
}

}  // namespace

Expected<MatrixForm> lower_node(const graph::Graph& g, const graph::Node& n, const WeightSource& weights,
                                const CompileOptions& options) {
  using R = Expected<MatrixForm>;
  const OperandSlots slots = *matrix_operand_slots(n.op);
  const auto x = concrete_dims(g.value(n.inputs[static_cast<size_t>(slots.input)]), options);
  if (!x) return R::failure("input shape '" + value_name(g, n, slots.input) +
                            "' is not known (give sizes of its symbolic dimensions with --dim NAME=SIZE)");
  const graph::Dims w = g.value(weights.value).constant->dims();
  Expected<MatrixForm> out = MatrixForm{};
  if (n.op == OpKind::Conv || n.op == OpKind::ConvInteger || n.op == OpKind::QLinearConv) {
    out = lower_conv(g, n, w, *x);
  } else {
    MatrixForm m;
    m.kind = n.op == OpKind::Gemm ? "gemm" : "matmul";
    if (x->empty()) return R::failure("scalar input");
    const int64_t k_in = x->back();
    if (n.op == OpKind::Gemm) {
      if (n.attr_int("transA", 0) != 0) return R::failure("Gemm with transA=1 (transposed activations) is not lowered");
      if (w.size() != 2 || x->size() != 2) return R::failure("Gemm operands must be 2-D");
      m.weight_transposed = n.attr_int("transB", 0) != 0;
      m.rows = m.weight_transposed ? w[1] : w[0];
      m.cols = m.weight_transposed ? w[0] : w[1];
    } else if (w.size() == 2) {
      m.rows = w[0];
      m.cols = w[1];
    } else if (w.size() == 3) {
      if (x->size() < 3 || (*x)[x->size() - 3] != w[0])
        return R::failure("3-D weight " + graph::dims_str(w) + " needs an input [..., " + std::to_string(w[0]) +
                          ", M, K]");
      m.groups = w[0];
      m.rows = w[1];
      m.cols = w[2];
    } else {
      return R::failure("weight of rank " + std::to_string(w.size()) + " (1-D and >3-D constant operands are not mapped)");
    }
    if (k_in != m.rows)
      return R::failure(fmt::format("inner dimensions differ: input {} x weight {}", graph::dims_str(*x),
                                    graph::dims_str(w)));
    m.batch = x->size() > 2 ? (*x)[0] : 1;
    m.positions = graph::element_count(*x) / (k_in * m.groups);
    out = m;
  }
  if (!out) return out;
  MatrixForm& m = out.value();
  m.input = value_name(g, n, slots.input);
  m.weight = g.value(weights.value).name;
  m.bias = value_name(g, n, slots.bias);
  m.output = g.value(n.outputs.at(0)).name;
  if (m.rows < 1 || m.cols < 1 || m.positions < 1) return R::failure("empty matrix (a zero-sized dimension)");
  return out;
}

PassStatus run_lower(Plan& plan, const CompileContext& ctx) {
  const std::vector<int> producers = ctx.graph.producers();
  plan.layers.clear();
  for (NodeDecision& d : plan.nodes) {
    if (d.target != Target::kCim) continue;
    const graph::Node& n = ctx.graph.nodes[static_cast<size_t>(d.node)];
    const WeightSource w = resolve_weight(ctx.graph, n, producers);
    LayerPlan layer;
    layer.node = d.node;
    layer.name = d.name;
    layer.op = d.op;
    layer.matrix = lower_node(ctx.graph, n, w, ctx.options).value();  // capability already lowered it once
    d.layer = static_cast<int>(plan.layers.size());
    plan.layers.push_back(std::move(layer));
  }
  return PassOk{};
}

std::string print_lower(const Plan& plan) {
  std::string out = "== lower: matrix form of each CIM layer (Y[positions x cols] = X[positions x rows] W[rows x cols])\n";
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    const MatrixForm& m = l.matrix;
    out += fmt::format("  layer {:>3} {:<28} {:<6} groups {} rows {} cols {} positions {} macs {}", i, "'" + l.name + "'",
                       m.kind, m.groups, m.rows, m.cols, m.positions, m.macs());
    if (m.kind == "conv") {
      const ConvGeometry& c = m.conv;
      out += fmt::format("  [in {}x{}x{} k {}x{} s {}x{} d {}x{} pad {},{},{},{} -> out {}x{}]", c.in_c, c.in_h, c.in_w,
                         c.kernel_h, c.kernel_w, c.stride_h, c.stride_w, c.dilation_h, c.dilation_w, c.pad_top,
                         c.pad_left, c.pad_bottom, c.pad_right, c.out_h, c.out_w);
    }
    out += "\n";
  }
  return out;
}

}  // namespace ohmic::compile::detail
