// The capability query: which nodes the arrays take, where the rest runs, and the stated reasons; model-quantized
// weights keep their own integers and scales.
#include <gtest/gtest.h>

#include "ohmic/compile/compile.h"
#include "ohmic/compile/weights.h"
#include "test_support.h"

namespace ohmic::compile {
namespace {

int value(graph::Graph& g, const std::string& name, graph::DType t = graph::DType::Float32,
          std::optional<graph::Shape> shape = std::nullopt) {
  graph::Value v;
  v.name = name;
  v.type = {t, std::move(shape)};
  return g.add_value(v);
}

int constant(graph::Graph& g, const std::string& name, graph::Tensor t) {
  graph::Value v;
  v.name = name;
  v.type = {t.dtype(), std::nullopt};
  v.constant = std::move(t);
  return g.add_value(v);
}

void node(graph::Graph& g, graph::OpKind op, const std::string& name, std::vector<int> in, std::vector<int> out) {
  graph::Node n;
  n.op = op;
  n.name = name;
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  g.nodes.push_back(n);
}

// x[1, 4, 8] -> q = x Wq (constant) -> s = q q^T (two dynamic operands) -> Softmax -> y
graph::Graph attention_graph() {
  graph::Graph g;
  g.name = "attention";
  const graph::Shape xs = {graph::Dim::of(1), graph::Dim::of(4), graph::Dim::of(8)};
  const int x = value(g, "x", graph::DType::Float32, xs);
  g.inputs = {x};
  std::vector<float> w(64, 0.25f);
  const int wq = constant(g, "wq", graph::Tensor::from<float>({8, 8}, w));
  const int q = value(g, "q", graph::DType::Float32, xs);
  node(g, graph::OpKind::MatMul, "proj_q", {x, wq}, {q});
  const int qt = value(g, "qt", graph::DType::Float32,
                       graph::Shape{graph::Dim::of(1), graph::Dim::of(8), graph::Dim::of(4)});
  node(g, graph::OpKind::Transpose, "kT", {q}, {qt});
  g.nodes.back().attrs["perm"] = std::vector<int64_t>{0, 2, 1};
  const graph::Shape ss = {graph::Dim::of(1), graph::Dim::of(4), graph::Dim::of(4)};
  const int s = value(g, "s", graph::DType::Float32, ss);
  node(g, graph::OpKind::MatMul, "scores", {q, qt}, {s});
  const int y = value(g, "y", graph::DType::Float32, ss);
  node(g, graph::OpKind::Softmax, "softmax", {s}, {y});
  g.outputs = {y};
  return g;
}

const NodeDecision& decision(const Plan& p, const std::string& name) {
  for (const NodeDecision& d : p.nodes)
    if (d.name == name) return d;
  throw std::runtime_error("no node " + name);
}

TEST(CompileCapability, AttentionMatMulsGoToTheDigitalUnitOrTheHostWithReasons) {
  const graph::Graph g = attention_graph();
  testing::ChipParams p;
  p.digital_unit = true;
  const Plan with_du = compile(g, testing::make_chip(p)).value();
  EXPECT_EQ(decision(with_du, "proj_q").target, Target::kCim);
  EXPECT_EQ(decision(with_du, "kT").target, Target::kLayout);
  const NodeDecision& scores = decision(with_du, "scores");
  EXPECT_EQ(scores.target, Target::kDigitalUnit);
  EXPECT_NE(scores.reason.find("two dynamic operands"), std::string::npos) << scores.reason;
  EXPECT_EQ(scores.ops, 2 * 4 * 4 * 8);  // 16 outputs x 8-long dot products x 2 ops
  EXPECT_EQ(decision(with_du, "softmax").target, Target::kDigitalUnit);
  EXPECT_EQ(decision(with_du, "softmax").ops, 3 * 16);
  EXPECT_EQ(with_du.layers.size(), 1u);
  EXPECT_EQ(with_du.layers[0].matrix.positions, 4);  // batch 1 x 4 tokens

  p.digital_unit = false;
  const Plan host = compile(g, testing::make_chip(p)).value();
  EXPECT_EQ(decision(host, "scores").target, Target::kHost);
  EXPECT_NE(decision(host, "scores").reason.find("two dynamic operands"), std::string::npos);
  EXPECT_EQ(decision(host, "softmax").target, Target::kHost);
  EXPECT_NE(decision(host, "softmax").reason.find("no digital unit"), std::string::npos);
}

TEST(CompileCapability, UnsignedOnlyChipLeavesSignedWeightsOnTheHost) {
  testing::ChipParams p;
  p.scheme = arch::SignedWeights::kNone;
  const Plan plan = compile(testing::gemm_graph(1, 8, 4, false, 3), testing::make_chip(p)).value();
  EXPECT_EQ(plan.nodes[0].target, Target::kHost);
  EXPECT_NE(plan.nodes[0].reason.find("unsigned weights only"), std::string::npos);
  EXPECT_TRUE(plan.layers.empty());
}

TEST(CompileCapability, UnknownSymbolicDimensionIsAStatedReason) {
  graph::Graph g = testing::matmul_graph(1, 4, 8, 8, 1);
  g.value(g.inputs[0]).type.shape = graph::Shape{graph::Dim::sym("batch"), graph::Dim::sym("seq"), graph::Dim::of(8)};
  const Plan no_seq = compile(g, testing::make_chip({})).value();
  EXPECT_EQ(no_seq.nodes[0].target, Target::kHost);
  EXPECT_NE(no_seq.nodes[0].reason.find("--dim"), std::string::npos) << no_seq.nodes[0].reason;
  CompileOptions o;
  o.dims["seq"] = 16;
  o.batch = 2;
  const Plan with_seq = compile(g, testing::make_chip({}), o).value();
  ASSERT_EQ(with_seq.layers.size(), 1u);
  EXPECT_EQ(with_seq.layers[0].matrix.positions, 32);
}

// Conv whose weight is DequantizeLinear(int8 constant, per-channel scale): the model's integers are used as they are.
TEST(CompileCapability, QuantizedModelKeepsItsOwnIntegersAndScales) {
  graph::Graph g;
  g.name = "qconv";
  const int x = value(g, "x", graph::DType::Float32,
                      graph::Shape{graph::Dim::of(1), graph::Dim::of(1), graph::Dim::of(4), graph::Dim::of(4)});
  g.inputs = {x};
  std::vector<int8_t> wq = {1, -2, 3, -4, 5, -6, 7, -8, 9, 10, 20, 30, -40, 50, 60, -70, 80, 90};
  const int w8 = constant(g, "w_int8", graph::Tensor::from<int8_t>({2, 1, 3, 3}, wq));
  const int sc = constant(g, "w_scale", graph::Tensor::from<float>({2}, {0.5f, 0.25f}));
  const int zp = constant(g, "w_zp", graph::Tensor::from<int8_t>({2}, {0, 0}));
  const int wf = value(g, "w");
  node(g, graph::OpKind::DequantizeLinear, "dq_w", {w8, sc, zp}, {wf});
  g.nodes.back().attrs["axis"] = int64_t{0};
  const int y = value(g, "y");
  node(g, graph::OpKind::Conv, "conv", {x, wf}, {y});
  g.outputs = {y};
  testing::ChipParams p;
  const Plan plan = compile(g, testing::make_chip(p)).value();
  EXPECT_EQ(plan.nodes[0].target, Target::kLayout);  // the weight DQ is folded
  EXPECT_EQ(plan.nodes[1].target, Target::kCim);
  const LayerPlan& l = plan.layers[0];
  EXPECT_EQ(l.encoding.scale_source, "model");
  EXPECT_EQ(l.encoding.weight_bits, 8);
  const QuantizedLayer q = quantize_layer(g, l);
  EXPECT_EQ(q.scales, (std::vector<float>{0.5f, 0.25f}));
  EXPECT_EQ(q.at(0, 0, 0), 1);
  EXPECT_EQ(q.at(0, 8, 1), 90);
  EXPECT_EQ(q.at(0, 3, 1), -40);

  CompileOptions four;
  four.weight_bits = 4;
  const Plan requant = compile(g, testing::make_chip(p), four).value();
  EXPECT_EQ(requant.layers[0].encoding.scale_source, "model_requantized");
  const QuantizedLayer q4 = quantize_layer(g, requant.layers[0]);
  EXPECT_EQ(q4.at(0, 8, 1), 7);  // 90 * 0.25 = 22.5 is channel 1's largest magnitude
}

}  // namespace
}  // namespace ohmic::compile
