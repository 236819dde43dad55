#include "test_support.h"

#include <vector>

namespace ohmic::compile::testing {

arch::ChipSpec make_chip(const ChipParams& p, const std::string& id) {
  using arch::Field;
  const std::string w = "test";
  arch::ChipSpec c;
  c.id = id;
  c.name = id;
  c.route = p.route;
  c.node_nm = Field<double>::given(22, w);
  c.vdd_v = Field<double>::given(0.8, w);
  c.clock_hz = Field<double>::given(1e8, w);
  arch::MacroSpec& m = c.macro;
  m.rows = Field<int64_t>::given(p.rows, w);
  m.cols = Field<int64_t>::given(p.cols, w);
  m.rows_active = Field<int64_t>::given(p.rows_active, w);
  m.cols_active = Field<int64_t>::given(p.cols_active, w);
  m.bits_per_cell = Field<int>::given(p.bits_per_cell, w);
  m.cell = Field<arch::CellKind>::given(p.cell, w);
  m.signed_weights = Field<arch::SignedWeights>::given(p.scheme, w);
  m.weight_bits = Field<arch::BitRange>::given({1, p.weight_bits_max}, w);
  m.input_bits = Field<arch::BitRange>::given({1, p.input_bits_max}, w);
  m.input.encoding = Field<arch::InputEncoding>::given(p.encoding, w);
  m.input.dac_bits = Field<int>::given(p.dac_bits, w);
  m.input.pulse_levels = Field<int>::given(1 << p.input_bits_max, w);
  if (arch::is_analog(p.route)) {
    m.adc.kind = Field<arch::AdcKind>::given(arch::AdcKind::kSar, w);
    m.adc.bits = Field<int>::given(p.adc_bits, w);
    m.adc.cols_per_adc = Field<int64_t>::given(p.cols_per_adc, w);
  }
  m.shift_add_bits = Field<int>::given(24, w);
  m.accumulator_bits = Field<int>::given(32, w);
  c.tiles.count = Field<int64_t>::given(p.tiles, w);
  c.tiles.macros_per_tile = Field<int64_t>::given(p.macros_per_tile, w);
  c.noc.kind = Field<arch::NocKind>::given(p.tiles > 1 ? arch::NocKind::kMesh : arch::NocKind::kNone, w);
  c.dram.kind = Field<arch::DramKind>::given(p.dram ? arch::DramKind::kLpddr4 : arch::DramKind::kNone, w);
  if (p.dram) {
    c.dram.capacity_bytes = Field<int64_t>::given(int64_t{1} << 32, w);
    c.dram.bandwidth_bytes_per_s = Field<double>::given(25.6e9, w);
  }
  if (p.digital_unit) c.digital_unit.lanes = Field<int64_t>::given(64, w);
  if (p.digital_unit) c.digital_unit.lane_bits = Field<int>::given(8, w);
  return c;
}

namespace {

graph::Tensor random_tensor(const graph::Dims& dims, uint64_t seed, uint32_t which) {
  graph::Tensor t(graph::DType::Float32, dims);
  std::vector<float> u(static_cast<size_t>(t.numel()));
  RandomStream({seed, which, 0, 0}).fill_uniform(0, u);
  float* d = t.data<float>();
  for (size_t i = 0; i < u.size(); ++i) d[i] = 2.0f * u[i] - 1.0f;
  return t;
}

int add_input(graph::Graph& g, const std::string& name, graph::Shape shape) {
  graph::Value v;
  v.name = name;
  v.type = {graph::DType::Float32, std::move(shape)};
  const int id = g.add_value(v);
  g.inputs.push_back(id);
  return id;
}

int add_const(graph::Graph& g, const std::string& name, graph::Tensor t) {
  graph::Value v;
  v.name = name;
  v.type = {t.dtype(), std::nullopt};
  v.constant = std::move(t);
  return g.add_value(v);
}

int add_out(graph::Graph& g, const std::string& name, std::optional<graph::Shape> shape = std::nullopt) {
  graph::Value v;
  v.name = name;
  v.type = {graph::DType::Float32, std::move(shape)};
  return g.add_value(v);
}

}  // namespace

graph::Graph conv_graph(const ConvParams& p, uint64_t seed) {
  graph::Graph g;
  g.name = "conv";
  g.opset = 13;
  const int x = add_input(g, "x", {graph::Dim::sym("batch"), graph::Dim::of(p.in_c), graph::Dim::of(p.in_h),
                                   graph::Dim::of(p.in_w)});
  const int w = add_const(g, "w", random_tensor({p.out_c, p.in_c / p.groups, p.kernel_h, p.kernel_w}, seed, 1));
  graph::Node conv;
  conv.op = graph::OpKind::Conv;
  conv.name = "conv";
  conv.inputs = {x, w};
  if (p.bias) conv.inputs.push_back(add_const(g, "b", random_tensor({p.out_c}, seed, 2)));
  const auto out_size = [](int64_t in, int64_t pb, int64_t pe, int64_t k, int64_t s, int64_t d) {
    return (in + pb + pe - d * (k - 1) - 1) / s + 1;
  };
  const graph::Shape ys = {graph::Dim::sym("batch"), graph::Dim::of(p.out_c),
                           graph::Dim::of(out_size(p.in_h, p.pad_top, p.pad_bottom, p.kernel_h, p.stride_h, p.dilation_h)),
                           graph::Dim::of(out_size(p.in_w, p.pad_left, p.pad_right, p.kernel_w, p.stride_w, p.dilation_w))};
  const int y = add_out(g, "y", ys);
  conv.outputs = {y};
  conv.attrs["strides"] = std::vector<int64_t>{p.stride_h, p.stride_w};
  conv.attrs["dilations"] = std::vector<int64_t>{p.dilation_h, p.dilation_w};
  conv.attrs["pads"] = std::vector<int64_t>{p.pad_top, p.pad_left, p.pad_bottom, p.pad_right};
  conv.attrs["group"] = p.groups;
  g.nodes.push_back(conv);
  graph::Node relu;
  relu.op = graph::OpKind::Relu;
  relu.name = "relu";
  relu.inputs = {y};
  relu.outputs = {add_out(g, "out", ys)};
  g.nodes.push_back(relu);
  g.outputs = {relu.outputs[0]};
  return g;
}

graph::Graph gemm_graph(int64_t batch, int64_t k, int64_t n, bool trans_b, uint64_t seed) {
  graph::Graph g;
  g.name = "gemm";
  g.opset = 13;
  const int x = add_input(g, "x", {graph::Dim::of(batch), graph::Dim::of(k)});
  const graph::Dims wd = trans_b ? graph::Dims{n, k} : graph::Dims{k, n};
  graph::Node gemm;
  gemm.op = graph::OpKind::Gemm;
  gemm.name = "fc";
  gemm.inputs = {x, add_const(g, "w", random_tensor(wd, seed, 1)), add_const(g, "b", random_tensor({n}, seed, 2))};
  gemm.outputs = {add_out(g, "y")};
  gemm.attrs["transB"] = int64_t{trans_b ? 1 : 0};
  g.nodes.push_back(gemm);
  g.outputs = gemm.outputs;
  return g;
}

graph::Graph matmul_graph(int64_t batch, int64_t seq, int64_t k, int64_t n, uint64_t seed) {
  graph::Graph g;
  g.name = "matmul";
  g.opset = 13;
  const int x = add_input(g, "x", {graph::Dim::of(batch), graph::Dim::of(seq), graph::Dim::of(k)});
  graph::Node mm;
  mm.op = graph::OpKind::MatMul;
  mm.name = "proj";
  mm.inputs = {x, add_const(g, "w", random_tensor({k, n}, seed, 1))};
  mm.outputs = {add_out(g, "y")};
  g.nodes.push_back(mm);
  g.outputs = mm.outputs;
  return g;
}

}  // namespace ohmic::compile::testing
