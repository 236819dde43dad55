#include "ohmic/graph/layer_stats.h"

#include <set>

#include "ohmic/core/error.h"

namespace ohmic::graph {
namespace {

bool all_known(const Dims& d) {
  for (int64_t x : d)
    if (x < 0) return false;
  return true;
}

int64_t product(const Dims& d, size_t from = 0, size_t to = SIZE_MAX) {
  int64_t p = 1;
  for (size_t i = from; i < d.size() && i < to; ++i) p *= d[i];
  return p;
}

// Names of the dims that graph inputs have at axis 0.
std::set<std::string> batch_symbols(const Graph& g) {
  std::set<std::string> s;
  for (int id : g.inputs) {
    const auto& shape = g.value(id).type.shape;
    if (shape && !shape->empty() && !(*shape)[0].known() && !(*shape)[0].symbol.empty()) s.insert((*shape)[0].symbol);
  }
  return s;
}

// Input positions that hold learned parameters, per op.
std::vector<size_t> parameter_inputs(const Node& n) {
  switch (n.op) {
    case OpKind::Conv: return {1, 2};
    case OpKind::ConvInteger: case OpKind::MatMulInteger: case OpKind::Gemm: case OpKind::MatMul:
    case OpKind::Add: case OpKind::Sub: case OpKind::Mul: case OpKind::Div: return {0, 1, 2};
    case OpKind::QLinearConv: return {3, 8};
    case OpKind::QLinearMatMul: return {0, 3};
    case OpKind::BatchNormalization: case OpKind::LayerNormalization: return {1, 2};
    case OpKind::DequantizeLinear: return {0};
    default: return {};
  }
}

int64_t count_params(const Graph& g, const Node& n, std::vector<int>& counted) {
  int64_t total = 0;
  for (size_t i : parameter_inputs(n)) {
    if (!n.has_input(i)) continue;
    const Value& v = g.value(n.inputs[i]);
    if (!v.constant) continue;
    // Elementwise ops: only tensors (biases, scales), not scalar constants such as a "2.0" or an epsilon.
    bool elementwise = n.op == OpKind::Add || n.op == OpKind::Sub || n.op == OpKind::Mul || n.op == OpKind::Div;
    if (elementwise && (v.constant->numel() <= 1 || !dtype_is_float(v.constant->dtype()))) continue;
    total += v.constant->numel();
    counted.push_back(n.inputs[i]);
  }
  return total;
}

class StatsBuilder {
 public:
  StatsBuilder(const Graph& g, int64_t batch) : g_(g), batch_(batch), batch_symbols_(batch_symbols(g)) {}

  Dims dims_of(int id) const {
    if (id == kNoValue) return {};
    const Value& v = g_.value(id);
    if (v.constant) return v.constant->dims();
    if (!v.type.shape) return {};
    Dims d;
    for (const Dim& x : *v.type.shape) {
      if (x.known()) d.push_back(x.size);
      else if (!x.symbol.empty() && batch_symbols_.count(x.symbol)) d.push_back(batch_);
      else d.push_back(-1);
    }
    return d;
  }

  LayerStats stats(const Node& n) const {
    LayerStats s;
    s.name = n.name;
    s.op = n.op;
    for (int in : n.inputs) s.input_dims.push_back(dims_of(in));
    for (int out : n.outputs) s.output_dims.push_back(dims_of(out));
    s.weight_params = count_params(g_, n, s.weight_values);
    switch (n.op) {
      case OpKind::Conv: case OpKind::ConvInteger: conv_macs(n, s, 0, 1); break;
      case OpKind::QLinearConv: conv_macs(n, s, 0, 3); break;
      case OpKind::Gemm: gemm_macs(n, s); break;
      case OpKind::MatMul: case OpKind::MatMulInteger: case OpKind::QLinearMatMul: matmul_macs(s, 0); break;
      default: break;
    }
    return s;
  }

 private:
  static void conv_macs(const Node& n, LayerStats& s, size_t x_at, size_t w_at) {
    const Dims& x = s.input_dims.at(x_at);
    const Dims& w = s.input_dims.at(w_at);
    if (x.size() < 3 || w.size() != x.size() || !all_known(x) || !all_known(w)) {
      s.macs_known = false;
      return;
    }
    const size_t spatial = x.size() - 2;
    const int64_t group = n.attr_int("group", 1);
    std::vector<int64_t> strides = n.attr_ints("strides", std::vector<int64_t>(spatial, 1));
    std::vector<int64_t> dilations = n.attr_ints("dilations", std::vector<int64_t>(spatial, 1));
    std::vector<int64_t> pads = n.attr_ints("pads", std::vector<int64_t>(2 * spatial, 0));
    const std::string auto_pad = n.attr_string("auto_pad", "NOTSET");
    if (strides.size() != spatial || dilations.size() != spatial || pads.size() != 2 * spatial || group <= 0)
      fail(n.label(), "strides/dilations/pads/group do not match its " + std::to_string(spatial) + " spatial dims");
    int64_t out_spatial = 1;
    for (size_t i = 0; i < spatial; ++i)
      out_spatial *= conv_output_size(x[i + 2], w[i + 2], strides[i], dilations[i], pads[i], pads[i + spatial], auto_pad);
    // N · Cout · out spatial · (Cin / group) · kernel; w is [Cout, Cin/group, k...].
    s.macs = x[0] * w[0] * out_spatial * w[1] * product(w, 2);
  }

  static void gemm_macs(const Node& n, LayerStats& s) {
    const Dims& a = s.input_dims.at(0);
    const Dims& b = s.input_dims.at(1);
    if (a.size() != 2 || b.size() != 2 || !all_known(a) || !all_known(b)) {
      s.macs_known = false;
      return;
    }
    const bool ta = n.attr_int("transA", 0) != 0, tb = n.attr_int("transB", 0) != 0;
    const int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], cols = tb ? b[0] : b[1];
    s.macs = m * k * cols;
  }

  static void matmul_macs(LayerStats& s, size_t a_at) {
    const Dims& a = s.input_dims.at(a_at);
    const Dims& out = s.output_dims.at(0);
    if (a.empty() || !all_known(a) || !all_known(out)) {
      s.macs_known = false;
      return;
    }
    s.macs = product(out) * a.back();  // each output element is a K-long dot product
  }

  const Graph& g_;
  int64_t batch_;
  std::set<std::string> batch_symbols_;
};

}  // namespace

int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t pad_begin,
                         int64_t pad_end, const std::string& auto_pad) {
  if (stride <= 0 || dilation <= 0) fail("conv geometry", "stride and dilation must be positive");
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") return (in + stride - 1) / stride;
  if (auto_pad == "VALID") pad_begin = pad_end = 0;
  const int64_t span = dilation * (kernel - 1) + 1;
  const int64_t padded = in + pad_begin + pad_end;
  return padded < span ? 0 : (padded - span) / stride + 1;
}

std::vector<LayerStats> layer_stats(const Graph& g, int64_t batch) {
  StatsBuilder b(g, batch);
  std::vector<LayerStats> out;
  out.reserve(g.nodes.size());
  for (const Node& n : g.nodes) out.push_back(b.stats(n));
  return out;
}

}  // namespace ohmic::graph
