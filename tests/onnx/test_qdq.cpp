// QDQ import: the Q/DQ nodes stay, the quantized values carry QuantParams.
#include <gtest/gtest.h>

#include "model_proto_builder.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using graph::DType;

TEST(OnnxQdq, PerTensorActivationAndPerChannelWeight) {
  graph::Graph g = import_model(testing::fixture("qdq_conv.onnx"));
  ASSERT_EQ(g.nodes.size(), 4u);  // QuantizeLinear, 2 x DequantizeLinear, Conv: nothing folded away
  EXPECT_EQ(g.nodes[0].op, graph::OpKind::QuantizeLinear);
  EXPECT_EQ(g.nodes[3].op, graph::OpKind::Conv);

  const graph::Value& xq = g.value(g.find("x_q"));
  ASSERT_TRUE(xq.quant.has_value());
  EXPECT_EQ(xq.quant->scale, (std::vector<float>{0.1f}));
  EXPECT_EQ(xq.quant->zero_point, (std::vector<int64_t>{128}));
  EXPECT_EQ(xq.quant->axis, -1);
  EXPECT_EQ(xq.quant->bits, 8);
  EXPECT_EQ(xq.quant->storage, DType::UInt8);
  EXPECT_FALSE(xq.quant->per_channel());

  const graph::Value& wq = g.value(g.find("w_q"));
  ASSERT_TRUE(wq.is_constant());
  ASSERT_TRUE(wq.quant.has_value());
  EXPECT_EQ(wq.quant->scale, (std::vector<float>{0.5f, 0.25f}));
  EXPECT_EQ(wq.quant->zero_point, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(wq.quant->axis, 0);
  EXPECT_EQ(wq.quant->storage, DType::Int8);
  EXPECT_TRUE(wq.quant->per_channel());

  // Float values are not quantized values.
  EXPECT_FALSE(g.value(g.find("x")).quant.has_value());
  EXPECT_FALSE(g.value(g.find("x_dq")).quant.has_value());
}

TEST(OnnxQdq, DefaultZeroPointIsUint8AndNegativeAxisIsNormalized) {
  using namespace testing;  // NOLINT
  auto m = empty_model(13);
  auto* gp = m.mutable_graph();
  *gp->add_initializer() = float_tensor("s", {3}, {0.1f, 0.2f, 0.3f});
  auto q = node("QuantizeLinear", {"x", "s"}, {"xq"}, "q");
  auto* axis = q.add_attribute();
  axis->set_name("axis");
  axis->set_type(::onnx::AttributeProto::INT);
  axis->set_i(-1);
  *gp->add_node() = q;
  *gp->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"2", "3"});
  *gp->add_output() = tensor_info("xq", ::onnx::TensorProto::UINT8, {"2", "3"});
  graph::Graph g = import_model_from_bytes(bytes_of(m), "q.onnx");
  const auto& qp = g.value(g.find("xq")).quant;
  ASSERT_TRUE(qp.has_value());
  EXPECT_EQ(qp->storage, DType::UInt8);
  EXPECT_EQ(qp->bits, 8);
  EXPECT_EQ(qp->axis, 1);
  EXPECT_EQ(qp->zero_point, (std::vector<int64_t>{0, 0, 0}));
}

}  // namespace
}  // namespace ohmic::onnx
