// graph::layer_stats on imported models: MACs and parameters against hand-computed values.
#include <gtest/gtest.h>

#include "model_proto_builder.h"
#include "ohmic/graph/layer_stats.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT

::onnx::AttributeProto ints_attr(const std::string& name, const std::vector<int64_t>& v) {
  ::onnx::AttributeProto a;
  a.set_name(name);
  a.set_type(::onnx::AttributeProto::INTS);
  for (int64_t x : v) a.add_ints(x);
  return a;
}

::onnx::AttributeProto int_attr(const std::string& name, int64_t v) {
  ::onnx::AttributeProto a;
  a.set_name(name);
  a.set_type(::onnx::AttributeProto::INT);
  a.set_i(v);
  return a;
}

// One Conv on x[batch, cin, h, w] with weight [cout, cin/group, k, k] (+ bias), the given attributes.
graph::Graph conv_graph(int64_t cin, int64_t h, int64_t cout, int64_t k, int64_t group,
                        const std::vector<::onnx::AttributeProto>& attrs, int64_t batch = 1) {
  auto m = empty_model(13);
  auto* g = m.mutable_graph();
  const int64_t wsize = cout * (cin / group) * k * k;
  *g->add_initializer() = float_tensor("W", {cout, cin / group, k, k}, std::vector<float>(static_cast<size_t>(wsize), 0.5f));
  *g->add_initializer() = float_tensor("B", {cout}, std::vector<float>(static_cast<size_t>(cout), 0.f));
  auto n = node("Conv", {"x", "W", "B"}, {"y"}, "conv");
  for (const auto& a : attrs) *n.add_attribute() = a;
  if (group != 1) *n.add_attribute() = int_attr("group", group);
  *g->add_node() = n;
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"N", std::to_string(cin), std::to_string(h), std::to_string(h)});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"?", "?", "?", "?"});
  ImportOptions options;
  options.batch = batch;
  return import_model_from_bytes(bytes_of(m), "conv.onnx", "", options);
}

TEST(LayerStats, ConvSamePadding) {
  // 3x3, pad 1, stride 1 on 32x32: output 32x32. MACs = 1*16*32*32 * 3*3*3 = 442368; params 16*3*3*3 + 16 = 448.
  auto s = graph::layer_stats(conv_graph(3, 32, 16, 3, 1, {ints_attr("pads", {1, 1, 1, 1})}));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].output_dims[0], (graph::Dims{1, 16, 32, 32}));
  EXPECT_EQ(s[0].macs, 442368);
  EXPECT_EQ(s[0].weight_params, 448);
  EXPECT_TRUE(s[0].macs_known);
}

TEST(LayerStats, ConvStrideAndPadding) {
  // stride 2, pad 1 on 32x32: floor((32 + 2 - 3) / 2) + 1 = 16. MACs = 16*16*16 * 27 = 110592.
  auto s = graph::layer_stats(conv_graph(3, 32, 16, 3, 1, {ints_attr("pads", {1, 1, 1, 1}), ints_attr("strides", {2, 2})}));
  EXPECT_EQ(s[0].output_dims[0], (graph::Dims{1, 16, 16, 16}));
  EXPECT_EQ(s[0].macs, 110592);
  // Batch 4 multiplies it.
  auto s4 = graph::layer_stats(conv_graph(3, 32, 16, 3, 1, {ints_attr("pads", {1, 1, 1, 1}), ints_attr("strides", {2, 2})}, 4));
  EXPECT_EQ(s4[0].macs, 4 * 110592);
}

TEST(LayerStats, ConvAsymmetricPadsDilationGroupsAutoPad) {
  // 7x7, pads (top,left)=0 (bottom,right)=1, stride 2: (7 + 1 - 3) / 2 + 1 = 3. MACs = 2 * 3*3 * 1 * 9 = 162.
  auto a = graph::layer_stats(conv_graph(1, 7, 2, 3, 1, {ints_attr("pads", {0, 0, 1, 1}), ints_attr("strides", {2, 2})}));
  EXPECT_EQ(a[0].output_dims[0], (graph::Dims{1, 2, 3, 3}));
  EXPECT_EQ(a[0].macs, 162);
  // Dilation 2: the 3x3 kernel spans 5, 10x10 -> 6x6. MACs = 4 * 36 * 2 * 9 = 2592.
  auto d = graph::layer_stats(conv_graph(2, 10, 4, 3, 1, {ints_attr("dilations", {2, 2})}));
  EXPECT_EQ(d[0].output_dims[0], (graph::Dims{1, 4, 6, 6}));
  EXPECT_EQ(d[0].macs, 2592);
  // Depthwise (group = channels): 8 channels, 10x10 -> 8x8, each output sums 1*3*3. MACs = 8 * 64 * 9 = 4608.
  auto dw = graph::layer_stats(conv_graph(8, 10, 8, 3, 8, {}));
  EXPECT_EQ(dw[0].macs, 4608);
  EXPECT_EQ(dw[0].weight_params, 8 * 9 + 8);
  // SAME_UPPER with stride 2 on 9x9: ceil(9 / 2) = 5. MACs = 3 * 25 * 1 * 9 = 675.
  ::onnx::AttributeProto same;
  same.set_name("auto_pad");
  same.set_type(::onnx::AttributeProto::STRING);
  same.set_s("SAME_UPPER");
  auto su = graph::layer_stats(conv_graph(1, 9, 3, 3, 1, {same, ints_attr("strides", {2, 2})}));
  EXPECT_EQ(su[0].output_dims[0], (graph::Dims{1, 3, 5, 5}));
  EXPECT_EQ(su[0].macs, 675);
}

TEST(LayerStats, GemmWithBatchSymbolSubstituted) {
  // tiny_mlp: x[batch, 4] -> Gemm(W[3,4], transB) -> ...; imported with the batch symbolic, counted at batch 5.
  graph::Graph g = import_model(fixture("tiny_mlp.onnx"));
  auto s = graph::layer_stats(g, 5);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].op, graph::OpKind::Gemm);
  EXPECT_EQ(s[0].input_dims[0], (graph::Dims{5, 4}));
  EXPECT_EQ(s[0].macs, 5 * 4 * 3);
  EXPECT_EQ(s[0].weight_params, 12 + 3);
  // Relu and Mul by a scalar constant: no MACs, no parameters.
  EXPECT_EQ(s[1].macs, 0);
  EXPECT_EQ(s[2].weight_params, 0);
}

TEST(LayerStats, BatchedMatMul) {
  auto m = empty_model(13);
  auto* g = m.mutable_graph();
  *g->add_initializer() = float_tensor("B", {4, 6}, std::vector<float>(24, 1.f));
  *g->add_node() = node("MatMul", {"a", "B"}, {"y"}, "mm");
  *g->add_input() = tensor_info("a", ::onnx::TensorProto::FLOAT, {"2", "5", "4"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"?", "?", "?"});
  auto s = graph::layer_stats(import_model_from_bytes(bytes_of(m), "mm.onnx"));
  EXPECT_EQ(s[0].output_dims[0], (graph::Dims{2, 5, 6}));
  EXPECT_EQ(s[0].macs, 2 * 5 * 6 * 4);
  EXPECT_EQ(s[0].weight_params, 24);
}

TEST(LayerStats, UnknownDimsAreReportedNotGuessed) {
  // A symbolic dim that is not a batch (not axis 0 of an input) stays unknown, and so do the MACs that need it.
  auto m = empty_model(13);
  auto* g = m.mutable_graph();
  *g->add_initializer() = float_tensor("B", {4, 6}, std::vector<float>(24, 1.f));
  *g->add_node() = node("MatMul", {"a", "B"}, {"y"}, "mm");
  *g->add_input() = tensor_info("a", ::onnx::TensorProto::FLOAT, {"2", "seq", "4"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2", "seq", "6"});
  auto s = graph::layer_stats(import_model_from_bytes(bytes_of(m), "seq.onnx"));
  EXPECT_EQ(s[0].output_dims[0], (graph::Dims{2, -1, 6}));
  EXPECT_FALSE(s[0].macs_known);
}

TEST(LayerStats, ConvOutputSizeFormula) {
  EXPECT_EQ(graph::conv_output_size(224, 7, 2, 1, 3, 3, "NOTSET"), 112);
  EXPECT_EQ(graph::conv_output_size(224, 3, 2, 1, 0, 0, "VALID"), 111);
  EXPECT_EQ(graph::conv_output_size(2, 5, 1, 1, 0, 0, "NOTSET"), 0);
  EXPECT_THROW(graph::conv_output_size(8, 3, 0, 1, 0, 0, "NOTSET"), Error);
}

}  // namespace
}  // namespace ohmic::onnx
