// single_layer_graph: one node reading the input and the constant weight, writing the one output; a valid graph.
#include <gtest/gtest.h>

#include "ohmic/graph/single_layer.h"

using namespace ohmic::graph;

TEST(SingleLayerGraph, OneNodeFromInputAndConstantWeightToOutput) {
  Tensor weight(DType::Float32, {4, 3});
  weight.data<float>()[5] = 2.5f;
  const Graph g = single_layer_graph("mvm", OpKind::Gemm, "fc", {Dim::sym("batch"), Dim::of(4)}, weight);
  EXPECT_NO_THROW(verify(g));
  EXPECT_EQ(g.name, "mvm");
  ASSERT_EQ(g.nodes.size(), 1u);
  const Node& n = g.nodes[0];
  EXPECT_EQ(n.op, OpKind::Gemm);
  EXPECT_EQ(n.name, "fc");
  ASSERT_EQ(n.inputs.size(), 2u);
  ASSERT_EQ(g.inputs, std::vector<int>{n.inputs[0]});
  EXPECT_EQ(g.outputs, n.outputs);
  const Value& x = g.value(n.inputs[0]);
  EXPECT_EQ(x.name, "x");
  EXPECT_EQ(x.type.dtype, DType::Float32);
  EXPECT_EQ(x.type.shape, (Shape{Dim::sym("batch"), Dim::of(4)}));
  const Value& w = g.value(n.inputs[1]);
  ASSERT_TRUE(w.constant.has_value());
  EXPECT_EQ(w.constant->dims(), (Dims{4, 3}));
  EXPECT_EQ(w.constant->data<float>()[5], 2.5f);
  EXPECT_EQ(g.value(g.outputs.at(0)).name, "y");
}
