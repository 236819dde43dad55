#include <gtest/gtest.h>

#include "ohmic/core/error.h"
#include "ohmic/graph/graph.h"

using namespace ohmic::graph;

namespace {

Graph tiny_graph() {
  Graph g;
  g.name = "tiny";
  g.opset = 13;
  int x = g.add_value({"x", {DType::Float32, Shape{Dim::sym("batch"), Dim::of(4)}}, {}, {}});
  int w = g.add_value({"w", {DType::Float32, Shape{Dim::of(4), Dim::of(2)}}, {}, Tensor(DType::Float32, {4, 2})});
  int y = g.add_value({"y", {DType::Float32, Shape{Dim::sym("batch"), Dim::of(2)}}, {}, {}});
  int z = g.add_value({"z", {DType::Float32, Shape{Dim::sym("batch"), Dim::of(2)}}, {}, {}});
  g.inputs = {x};
  g.nodes.push_back(Node{OpKind::MatMul, "mm", {x, w}, {y}, {}});
  g.nodes.push_back(Node{OpKind::Relu, "act", {y}, {z}, {}});
  g.outputs = {z};
  return g;
}

}  // namespace

TEST(OpList, NamesRoundTrip) {
  for (int i = 0; i < op_count(); ++i) {
    auto op = static_cast<OpKind>(i);
    auto back = op_from_name(op_name(op));
    ASSERT_TRUE(back.has_value()) << op_name(op);
    EXPECT_EQ(*back, op);
  }
  EXPECT_FALSE(op_from_name("NoSuchOp").has_value());
  EXPECT_EQ(op_info(OpKind::Conv).min_inputs, 2);
}

TEST(Verifier, AcceptsWellFormedGraph) { EXPECT_NO_THROW(verify(tiny_graph())); }

TEST(Verifier, RejectsUseBeforeDefinition) {
  Graph g = tiny_graph();
  std::swap(g.nodes[0], g.nodes[1]);
  EXPECT_THROW(verify(g), ohmic::Error);
}

TEST(Verifier, RejectsWrongArity) {
  Graph g = tiny_graph();
  g.nodes[0].inputs.push_back(g.nodes[0].inputs[0]);
  try {
    verify(g);
    FAIL();
  } catch (const ohmic::Error& e) {
    EXPECT_NE(std::string(e.what()).find("MatMul 'mm' has 3 inputs"), std::string::npos) << e.what();
  }
}

TEST(Verifier, RejectsUnproducedOutput) {
  Graph g = tiny_graph();
  g.nodes.pop_back();
  EXPECT_THROW(verify(g), ohmic::Error);
}

TEST(Dump, ShowsNodesAndShapes) {
  std::string text = dump(tiny_graph());
  EXPECT_NE(text.find("%y = MatMul(%x, %w) : f32[batch, 2]  # mm"), std::string::npos) << text;
  EXPECT_NE(text.find("input  %x: f32[batch, 4]"), std::string::npos) << text;
}

TEST(NodeAttributes, TypedAccess) {
  Node n{OpKind::Conv, "c", {}, {}, {}};
  n.attrs["group"] = int64_t{2};
  n.attrs["pads"] = std::vector<int64_t>{1, 1, 1, 1};
  EXPECT_EQ(n.attr_int("group", 1), 2);
  EXPECT_EQ(n.attr_int("missing", 7), 7);
  EXPECT_EQ(n.attr_ints("pads").size(), 4u);
  EXPECT_THROW(n.attr_float("group", 0.f), ohmic::Error);
}
