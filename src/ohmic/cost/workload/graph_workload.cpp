#include "ohmic/cost/workload/graph_workload.h"

#include <fmt/format.h>

#include "ohmic/core/error.h"

namespace ohmic::cost {
namespace {

using graph::Graph;
using graph::Node;
using graph::OpKind;

std::vector<int64_t> dims_of(const Graph& g, int id) {
  const auto& v = g.value(id);
  if (v.constant) return v.constant->dims();
  std::vector<int64_t> d;
  if (!v.type.shape) return d;
  for (const auto& dim : *v.type.shape) d.push_back(dim.known() ? dim.size : 1);
  return d;
}

int64_t count(const std::vector<int64_t>& d) {
  int64_t n = 1;
  for (int64_t x : d) n *= x;
  return n;
}

int bits_of(const Graph& g, int id, int def) {
  const auto& v = g.value(id);
  return v.quant ? v.quant->bits : def;
}

[[noreturn]] void shape_unknown(const Node& n, const std::string& what) {
  fail("cost/onnx workload: " + n.label(), what + " has no known shape",
       "export the model with static shapes (or run ONNX shape inference)");
}

Layer conv_from(const Graph& g, const Node& n, int x_idx, int w_idx, int def_bits) {
  const auto x = dims_of(g, n.inputs[static_cast<size_t>(x_idx)]);
  const auto w = dims_of(g, n.inputs[static_cast<size_t>(w_idx)]);
  if (x.size() != 4 || w.size() != 4) shape_unknown(n, "a 2-D convolution's input or weight (rank 4)");
  ConvGeometry c;
  c.in_channels = x[1];
  c.in_h = x[2];
  c.in_w = x[3];
  c.out_channels = w[0];
  c.kernel_h = w[2];
  c.kernel_w = w[3];
  c.groups = n.attr_int("group", 1);
  const auto strides = n.attr_ints("strides", {1, 1});
  const auto dil = n.attr_ints("dilations", {1, 1});
  c.stride_h = strides.at(0), c.stride_w = strides.at(1);
  c.dilation_h = dil.at(0), c.dilation_w = dil.at(1);
  const std::string auto_pad = n.attr_string("auto_pad", "NOTSET");
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    auto same = [&](int64_t in, int64_t k, int64_t s, int64_t d, int64_t& lo, int64_t& hi) {
      const int64_t out = (in + s - 1) / s;
      const int64_t total = std::max<int64_t>(0, (out - 1) * s + d * (k - 1) + 1 - in);
      lo = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      hi = total - lo;
    };
    same(c.in_h, c.kernel_h, c.stride_h, c.dilation_h, c.pad_top, c.pad_bottom);
    same(c.in_w, c.kernel_w, c.stride_w, c.dilation_w, c.pad_left, c.pad_right);
  } else if (auto_pad != "VALID") {
    const auto pads = n.attr_ints("pads", {0, 0, 0, 0});
    c.pad_top = pads.at(0), c.pad_left = pads.at(1), c.pad_bottom = pads.at(2), c.pad_right = pads.at(3);
  }
  const int ib = bits_of(g, n.inputs[static_cast<size_t>(x_idx)], def_bits);
  const int wb = bits_of(g, n.inputs[static_cast<size_t>(w_idx)], def_bits);
  return conv_layer(n.name, c, ib, wb);
}

// Gemm / MatMul: A [.., M, K] × B [K, N].
Layer matmul_from(const Graph& g, const Node& n, int a_idx, int b_idx, int def_bits, bool trans_a, bool trans_b) {
  const int a_id = n.inputs[static_cast<size_t>(a_idx)], b_id = n.inputs[static_cast<size_t>(b_idx)];
  auto a = dims_of(g, a_id);
  auto b = dims_of(g, b_id);
  if (a.empty() || b.empty()) shape_unknown(n, "an operand");
  if (a.size() == 1) a.insert(a.begin(), 1);
  if (b.size() == 1) b.push_back(1);
  const int64_t k = trans_a ? a[a.size() - 2] : a.back();
  const int64_t m_rows = count(a) / k;
  const int64_t n_cols = trans_b ? b[b.size() - 2] : b.back();
  const int ib = bits_of(g, a_id, def_bits);
  if (g.value(b_id).is_constant() && b.size() == 2)
    return gemm_layer(n.name, m_rows, k, n_cols, ib, bits_of(g, b_id, def_bits));
  const int64_t matrices = b.size() > 2 ? count(b) / (b[b.size() - 1] * b[b.size() - 2]) : 1;
  return matmul_layer(n.name, m_rows / matrices, k, n_cols, matrices, ib, false);
}

// Simple operations per output element for compute ops that are not MVMs; 0 = data layout only.
double ops_per_element(OpKind op) {
  switch (op) {
    case OpKind::Reshape: case OpKind::Flatten: case OpKind::Transpose: case OpKind::Squeeze:
    case OpKind::Unsqueeze: case OpKind::Identity: case OpKind::Dropout: case OpKind::Shape:
    case OpKind::Concat: case OpKind::Split: case OpKind::Slice: case OpKind::Gather: case OpKind::Expand:
    case OpKind::ConstantOfShape: case OpKind::Range: case OpKind::Cast:
      return 0;
    case OpKind::BatchNormalization: return 2;  // scale and shift
    case OpKind::LayerNormalization:  // mean, variance, normalise, scale, shift
    case OpKind::Softmax: case OpKind::LogSoftmax: return 5;  // max, subtract, exp, accumulate, divide
    default: return 1;
  }
}

// Ops folded into the post-processing that follows every MVM output (scale, bias, activation, requantization):
// free when they read the output of a Conv / Gemm / MatMul (or of another folded op).
bool foldable(OpKind op) {
  switch (op) {
    case OpKind::Relu: case OpKind::LeakyRelu: case OpKind::Clip: case OpKind::Sigmoid: case OpKind::HardSigmoid:
    case OpKind::HardSwish: case OpKind::Tanh: case OpKind::BatchNormalization: case OpKind::QuantizeLinear:
    case OpKind::DequantizeLinear:
      return true;
    default:
      return false;
  }
}

bool is_mvm(OpKind op) {
  return op == OpKind::Conv || op == OpKind::ConvInteger || op == OpKind::QLinearConv || op == OpKind::Gemm ||
         op == OpKind::MatMul || op == OpKind::MatMulInteger || op == OpKind::QLinearMatMul;
}

}  // namespace

Workload graph_workload(const Graph& g, const std::string& name, int default_bits) {
  Workload w;
  w.name = name;
  bool quantized = false;
  for (const auto& v : g.values) quantized |= v.quant.has_value();
  w.source = quantized ? "ONNX graph (quantized: bit widths from its QuantParams)"
                       : fmt::format("ONNX graph (float: costed as its {}-bit quantized version)", default_bits);
  std::vector<bool> folded_output(g.values.size(), false);  // value is an MVM output (possibly post-processed)
  for (const Node& n : g.nodes) {
    if (is_mvm(n.op)) {
      for (int o : n.outputs) folded_output[static_cast<size_t>(o)] = true;
    } else if (foldable(n.op) && n.has_input(0) && folded_output[static_cast<size_t>(n.inputs[0])]) {
      for (int o : n.outputs) folded_output[static_cast<size_t>(o)] = true;
      continue;  // counted in the MVM's post-processing op
    }
    switch (n.op) {
      case OpKind::Conv: case OpKind::ConvInteger:
        w.layers.push_back(conv_from(g, n, 0, 1, default_bits));
        break;
      case OpKind::QLinearConv:
        w.layers.push_back(conv_from(g, n, 0, 3, default_bits));
        break;
      case OpKind::Gemm:
        w.layers.push_back(matmul_from(g, n, 0, 1, default_bits, n.attr_int("transA", 0) != 0,
                                       n.attr_int("transB", 0) != 0));
        break;
      case OpKind::MatMul: case OpKind::MatMulInteger:
        w.layers.push_back(matmul_from(g, n, 0, 1, default_bits, false, false));
        break;
      case OpKind::QLinearMatMul:
        w.layers.push_back(matmul_from(g, n, 0, 3, default_bits, false, false));
        break;
      default: {
        const double per = ops_per_element(n.op);
        if (per == 0 || n.outputs.empty()) break;
        const auto out = dims_of(g, n.outputs[0]);
        int64_t elements = out.empty() ? 0 : count(out);
        int64_t in_elements = n.has_input(0) ? count(dims_of(g, n.inputs[0])) : elements;
        // Pooling reads its whole window per output.
        if (n.op == OpKind::MaxPool || n.op == OpKind::AveragePool) {
          int64_t window = 1;
          for (int64_t k : n.attr_ints("kernel_shape", {})) window *= k;
          w.layers.push_back(elementwise_layer(n.name, static_cast<double>(elements * window), elements, default_bits));
        } else if (n.op == OpKind::GlobalAveragePool || n.op == OpKind::GlobalMaxPool || n.op == OpKind::ReduceMean ||
                   n.op == OpKind::ReduceSum || n.op == OpKind::ReduceMax) {
          Layer l = elementwise_layer(n.name, static_cast<double>(in_elements), elements, default_bits);
          l.input_elements = in_elements;
          w.layers.push_back(l);
        } else {
          w.layers.push_back(elementwise_layer(n.name, per * static_cast<double>(elements), elements, default_bits));
        }
      }
    }
  }
  if (w.layers.empty()) fail("cost/onnx workload '" + name + "'", "the graph has no layers to cost");
  return w;
}

}  // namespace ohmic::cost
