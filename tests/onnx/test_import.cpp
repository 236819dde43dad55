// Importer: fixtures made by tests/data/onnx/make_fixtures.py and models built with the protobuf API.
#include <gtest/gtest.h>

#include "model_proto_builder.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT
using graph::DType;

const graph::Node* find_node(const graph::Graph& g, const std::string& name) {
  for (const auto& n : g.nodes)
    if (n.name == name) return &n;
  return nullptr;
}

TEST(OnnxImport, TinyMlpValuesNodesAndShapes) {
  graph::Graph g = import_model(fixture("tiny_mlp.onnx"));
  EXPECT_EQ(g.name, "tiny_mlp");
  EXPECT_EQ(g.opset, 13);
  // B is both a graph input and an initializer: a constant, not an input.
  ASSERT_EQ(g.inputs.size(), 1u);
  EXPECT_EQ(g.value(g.inputs[0]).name, "x");
  const graph::Value& b = g.value(g.find("B"));
  ASSERT_TRUE(b.is_constant());
  EXPECT_EQ(b.constant->values<float>()[1], -1.0f);
  const graph::Value& w = g.value(g.find("W"));
  ASSERT_TRUE(w.is_constant());
  EXPECT_EQ(w.constant->dims(), (graph::Dims{3, 4}));
  EXPECT_FLOAT_EQ(w.constant->values<float>()[11], 1.1f);
  // The Constant node became a constant value; the other three nodes stay.
  ASSERT_EQ(g.nodes.size(), 3u);
  const graph::Value& two = g.value(g.find("two"));
  ASSERT_TRUE(two.is_constant());
  EXPECT_EQ(two.constant->rank(), 0);
  EXPECT_EQ(two.constant->values<float>()[0], 2.0f);
  const graph::Node* fc = find_node(g, "fc");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->op, graph::OpKind::Gemm);
  EXPECT_EQ(fc->attr_int("transB", 0), 1);
  // Shape inference gives the intermediate value its type; the batch symbol keeps its name.
  const graph::Value& h = g.value(g.find("h"));
  EXPECT_EQ(h.type.dtype, DType::Float32);
  ASSERT_TRUE(h.type.shape.has_value());
  EXPECT_EQ(graph::shape_str(*h.type.shape), "[batch, 3]");
  ASSERT_EQ(g.outputs.size(), 1u);
  EXPECT_EQ(graph::shape_str(*g.value(g.outputs[0]).type.shape), "[batch, 3]");
}

TEST(OnnxImport, ConstantNodeAttributeKinds) {
  auto m = empty_model();
  auto* g = m.mutable_graph();
  auto c_ints = node("Constant", {}, {"ints"}, "c_ints");
  auto* a = c_ints.add_attribute();
  a->set_name("value_ints");
  a->set_type(::onnx::AttributeProto::INTS);
  a->add_ints(2);
  a->add_ints(-1);
  *g->add_node() = c_ints;
  auto c_int = node("Constant", {}, {"one"}, "c_int");
  a = c_int.add_attribute();
  a->set_name("value_int");
  a->set_type(::onnx::AttributeProto::INT);
  a->set_i(7);
  *g->add_node() = c_int;
  auto c_floats = node("Constant", {}, {"fl"}, "c_floats");
  a = c_floats.add_attribute();
  a->set_name("value_floats");
  a->set_type(::onnx::AttributeProto::FLOATS);
  a->add_floats(0.5f);
  *g->add_node() = c_floats;
  auto c_tensor = node("Constant", {}, {"t8"}, "c_tensor");
  a = c_tensor.add_attribute();
  a->set_name("value");
  a->set_type(::onnx::AttributeProto::TENSOR);
  auto* t = a->mutable_t();
  t->set_data_type(::onnx::TensorProto::INT8);
  t->add_dims(3);
  for (int v : {-3, 0, 5}) t->add_int32_data(v);  // typed field, not raw_data
  *g->add_node() = c_tensor;
  *g->add_node() = node("Reshape", {"x", "ints"}, {"y"}, "reshape");
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"4"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2", "2"});
  *g->add_output() = tensor_info("t8", ::onnx::TensorProto::INT8, {"3"});

  graph::Graph gr = import_model_from_bytes(bytes_of(m), "constants.onnx");
  ASSERT_EQ(gr.nodes.size(), 1u);
  EXPECT_EQ(gr.value(gr.find("ints")).constant->to_int64s(), (std::vector<int64_t>{2, -1}));
  EXPECT_EQ(gr.value(gr.find("one")).constant->values<int64_t>()[0], 7);
  EXPECT_EQ(gr.value(gr.find("fl")).constant->dims(), (graph::Dims{1}));
  const graph::Tensor& t8 = *gr.value(gr.find("t8")).constant;
  EXPECT_EQ(t8.dtype(), DType::Int8);
  EXPECT_EQ(t8.to_int64s(), (std::vector<int64_t>{-3, 0, 5}));
  // A graph output that is a constant is fine.
  EXPECT_EQ(gr.outputs.size(), 2u);
}

TEST(OnnxImport, AttributeKindsMapToGraphAttributes) {
  auto m = empty_model();
  auto* g = m.mutable_graph();
  auto n = node("Relu", {"x"}, {"y"}, "relu");
  auto add = [&](const std::string& name, ::onnx::AttributeProto::AttributeType type) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(type);
    return a;
  };
  add("i", ::onnx::AttributeProto::INT)->set_i(-4);
  add("f", ::onnx::AttributeProto::FLOAT)->set_f(1.5f);
  add("s", ::onnx::AttributeProto::STRING)->set_s("SAME_UPPER");
  auto* is = add("is", ::onnx::AttributeProto::INTS);
  is->add_ints(1);
  is->add_ints(2);
  add("fs", ::onnx::AttributeProto::FLOATS)->add_floats(0.25f);
  add("ss", ::onnx::AttributeProto::STRINGS)->add_strings("a");
  *add("t", ::onnx::AttributeProto::TENSOR)->mutable_t() = float_tensor("tt", {2}, {1.f, 2.f}, /*raw=*/false);
  *g->add_node() = n;
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"4"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"4"});
  // The checker would reject attributes Relu does not define; this test is about the mapping only.
  graph::Graph gr = import_model_from_bytes(bytes_of(m), "attrs.onnx", "", unchecked());
  const graph::Node& r = gr.nodes.at(0);
  EXPECT_EQ(r.attr_int("i", 0), -4);
  EXPECT_EQ(r.attr_float("f", 0), 1.5f);
  EXPECT_EQ(r.attr_string("s", ""), "SAME_UPPER");
  EXPECT_EQ(r.attr_ints("is"), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(r.attr_floats("fs"), (std::vector<float>{0.25f}));
  EXPECT_EQ(std::get<std::vector<std::string>>(r.attrs.at("ss")), (std::vector<std::string>{"a"}));
  ASSERT_NE(r.attr_tensor("t"), nullptr);
  EXPECT_EQ(r.attr_tensor("t")->values<float>()[1], 2.f);
}

::onnx::ModelProto single_op_model(const std::string& op, int64_t opset) {
  auto m = empty_model(opset);
  auto* g = m.mutable_graph();
  *g->add_node() = node(op, {"x"}, {"y"}, "the_node");
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"3"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"3"});
  return m;
}

TEST(OnnxImport, OpsetRange) {
  EXPECT_EQ(import_model_from_bytes(bytes_of(single_op_model("Relu", 11)), "r11.onnx").opset, 11);
  EXPECT_EQ(import_model_from_bytes(bytes_of(single_op_model("Relu", 17)), "r17.onnx").opset, 17);
  try {
    import_model_from_bytes(bytes_of(single_op_model("Relu", 18)), "r18.onnx");
    FAIL() << "opset 18 accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("r18.onnx: opset 18"), std::string::npos) << e.what();
  }
  // Opset 6: Relu's definition is the same as at opset 11 (since version 6), so it is accepted ...
  EXPECT_EQ(import_model_from_bytes(bytes_of(single_op_model("Relu", 6)), "r6.onnx").opset, 6);
  // ... but Clip changed at opset 11 (min/max became inputs), so an opset-6 Clip is rejected by name.
  try {
    import_model_from_bytes(bytes_of(single_op_model("Clip", 6)), "clip6.onnx");
    FAIL() << "opset 6 Clip accepted";
  } catch (const UnsupportedOpsetError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("clip6.onnx: opset 6 is older than 11 and these ops were redefined since: Clip"),
              std::string::npos) << msg;
    EXPECT_NE(msg.find("Clip (the_node)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("convert_version"), std::string::npos) << msg;
    EXPECT_EQ(e.reason(), "opset 6 is older than 11 and these ops were redefined since: Clip");
  }
  // A Constant is folded whatever its opset, so an opset-9 Constant + Relu model imports.
  auto m = single_op_model("Relu", 9);
  auto c = node("Constant", {}, {"k"}, "c");
  auto* a = c.add_attribute();
  a->set_name("value");
  a->set_type(::onnx::AttributeProto::TENSOR);
  *a->mutable_t() = float_tensor("k", {1}, {2.f});
  *m.mutable_graph()->add_node() = c;
  EXPECT_EQ(import_model_from_bytes(bytes_of(m), "const9.onnx").opset, 9);
}

TEST(OnnxImport, ReadTensorPb) {
  TempDir dir;
  dir.write("input_0.pb", float_tensor("x", {2, 2}, {1, 2, 3, 4}, /*raw=*/false).SerializeAsString());
  graph::Tensor t = read_tensor_pb(dir.file("input_0.pb"));
  EXPECT_EQ(t.dims(), (graph::Dims{2, 2}));
  EXPECT_EQ(t.values<float>()[3], 4.f);
  ::onnx::TensorProto b;
  b.set_data_type(::onnx::TensorProto::BOOL);
  b.add_dims(3);
  for (int v : {1, 0, 1}) b.add_int32_data(v);
  dir.write("b.pb", b.SerializeAsString());
  EXPECT_EQ(read_tensor_pb(dir.file("b.pb")).to_int64s(), (std::vector<int64_t>{1, 0, 1}));
  ::onnx::TensorProto h;
  h.set_data_type(::onnx::TensorProto::FLOAT16);
  h.add_dims(1);
  h.add_int32_data(0x3c00);  // 1.0 in IEEE half
  dir.write("h.pb", h.SerializeAsString());
  graph::Tensor ht = read_tensor_pb(dir.file("h.pb"));
  EXPECT_EQ(ht.dtype(), DType::Float16);
  EXPECT_EQ(*static_cast<const uint16_t*>(ht.raw()), 0x3c00);
}

}  // namespace
}  // namespace ohmic::onnx
