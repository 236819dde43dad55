// Bad input never crashes: every case is an ohmic::Error that names the file.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "model_proto_builder.h"
#include "ohmic/graph/layer_stats.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT

// The message of the ohmic::Error `f` throws; fails the test when it throws nothing or something else.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an ohmic::Error: " << e.what();
    return {};
  }
  ADD_FAILURE() << "no error";
  return {};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(OnnxBadInput, BrokenFiles) {
  for (const char* name : {"truncated.onnx", "random_bytes.onnx", "empty.onnx"}) {
    std::string msg = error_of([&] { import_model(fixture(name)); });
    EXPECT_TRUE(contains(msg, name)) << msg;
  }
  EXPECT_TRUE(contains(error_of([] { import_model(fixture("empty.onnx")); }), "empty file"));
  EXPECT_TRUE(contains(error_of([] { import_model(fixture("random_bytes.onnx")); }), "truncated or corrupt"));
  std::string missing = error_of([] { import_model(fixture("no_such_model.onnx")); });
  EXPECT_TRUE(contains(missing, "no_such_model.onnx: file not found")) << missing;
  std::string folder = error_of([] { import_model(fixture("")); });
  EXPECT_TRUE(contains(folder, "is a folder")) << folder;
  EXPECT_TRUE(contains(error_of([] { read_tensor_pb(fixture("random_bytes.onnx")); }), "random_bytes.onnx"));
  EXPECT_TRUE(contains(error_of([] { read_tensor_pb(fixture("empty.onnx")); }), "empty file"));
}

TEST(OnnxBadInput, UnsupportedOpsAreListedTogether) {
  try {
    import_model(fixture("unsupported.onnx"));
    FAIL() << "no error";
  } catch (const UnsupportedOpsError& e) {
    std::string msg = e.what();
    EXPECT_TRUE(contains(msg, "unsupported.onnx: 2 unsupported op type(s)")) << msg;
    EXPECT_TRUE(contains(msg, "Cos (1 node: cos_c)")) << msg;
    EXPECT_TRUE(contains(msg, "Sin (2 nodes: sin_a, sin_y)")) << msg;
    EXPECT_FALSE(contains(msg, "Relu")) << msg;
    EXPECT_TRUE(contains(msg, "ohmic inspect --list-ops")) << msg;
    ASSERT_EQ(e.uses().size(), 2u);
    EXPECT_EQ(e.uses()[1].op_type, "Sin");
    EXPECT_EQ(e.uses()[1].node_names, (std::vector<std::string>{"sin_a", "sin_y"}));
  }
  // Ops of other domains are named with their domain.
  auto m = empty_model();
  auto n = node("Relu", {"x"}, {"y"}, "custom");
  n.set_domain("com.example");
  *m.mutable_graph()->add_node() = n;
  *m.mutable_graph()->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"2"});
  *m.mutable_graph()->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2"});
  EXPECT_TRUE(contains(error_of([&] { import_model_from_bytes(bytes_of(m), "dom.onnx"); }), "com.example::Relu"));
}

// Relu(x) + W with the given W; the model is otherwise valid.
::onnx::ModelProto model_with_weight(const ::onnx::TensorProto& w) {
  auto m = empty_model();
  auto* g = m.mutable_graph();
  *g->add_initializer() = w;
  *g->add_node() = node("Add", {"x", w.name()}, {"y"}, "add");
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"2"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2"});
  return m;
}

TEST(OnnxBadInput, TensorDataThatDisagreesWithItsDims) {
  auto w = float_tensor("W", {2}, {1.f, 2.f});
  w.mutable_raw_data()->resize(5);
  std::string msg = error_of([&] { import_model_from_bytes(bytes_of(model_with_weight(w)), "raw.onnx", "", unchecked()); });
  EXPECT_TRUE(contains(msg, "raw.onnx")) << msg;
  EXPECT_TRUE(contains(msg, "raw_data holds 5 bytes")) << msg;

  auto typed = float_tensor("W", {2}, {1.f}, /*raw=*/false);
  msg = error_of([&] { import_model_from_bytes(bytes_of(model_with_weight(typed)), "typed.onnx", "", unchecked()); });
  EXPECT_TRUE(contains(msg, "holds 1 values")) << msg;

  // Dims declaring far more than the tensor limit are rejected before any allocation.
  auto huge = float_tensor("W", {}, {});
  huge.add_dims(int64_t{1} << 40);
  huge.add_dims(1024);
  msg = error_of([&] { import_model_from_bytes(bytes_of(model_with_weight(huge)), "huge.onnx", "", unchecked()); });
  EXPECT_TRUE(contains(msg, "tensor limit")) << msg;

  auto negative = float_tensor("W", {}, {});
  negative.add_dims(-2);
  msg = error_of([&] { import_model_from_bytes(bytes_of(model_with_weight(negative)), "neg.onnx", "", unchecked()); });
  EXPECT_TRUE(contains(msg, "invalid dims")) << msg;

  ::onnx::TensorProto s;
  s.set_name("W");
  s.set_data_type(::onnx::TensorProto::STRING);
  s.add_dims(1);
  s.add_string_data("hello");
  msg = error_of([&] { import_model_from_bytes(bytes_of(model_with_weight(s)), "str.onnx", "", unchecked()); });
  EXPECT_TRUE(contains(msg, "STRING")) << msg;
}

TEST(OnnxBadInput, StructuralProblems) {
  // A node reading a value nobody defines (checker off, so the builder must catch it).
  auto m = empty_model();
  *m.mutable_graph()->add_node() = node("Relu", {"ghost"}, {"y"}, "r");
  *m.mutable_graph()->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2"});
  std::string msg = error_of([&] { import_model_from_bytes(bytes_of(m), "ghost.onnx", "", unchecked()); });
  EXPECT_TRUE(contains(msg, "ghost.onnx: Relu 'r' reads 'ghost'")) << msg;
  // With the checker on, the ONNX checker reports it.
  EXPECT_TRUE(contains(error_of([&] { import_model_from_bytes(bytes_of(m), "ghost2.onnx"); }), "ghost2.onnx: ONNX checker"));

  // A sequence-typed input.
  auto seq = empty_model(16);  // Identity takes sequences from opset 16
  ::onnx::ValueInfoProto in;
  in.set_name("x");
  in.mutable_type()->mutable_sequence_type()->mutable_elem_type()->mutable_tensor_type()->set_elem_type(1);
  *seq.mutable_graph()->add_input() = in;
  *seq.mutable_graph()->add_node() = node("Identity", {"x"}, {"y"}, "id");
  *seq.mutable_graph()->add_output() = in;
  seq.mutable_graph()->mutable_output(0)->set_name("y");
  msg = error_of([&] { import_model_from_bytes(bytes_of(seq), "seq.onnx"); });
  EXPECT_TRUE(contains(msg, "sequence type")) << msg;

  // Wrong arity caught by the checker (Add with one input).
  auto arity = empty_model();
  *arity.mutable_graph()->add_node() = node("Add", {"x"}, {"y"}, "add1");
  *arity.mutable_graph()->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"2"});
  *arity.mutable_graph()->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2"});
  EXPECT_TRUE(contains(error_of([&] { import_model_from_bytes(bytes_of(arity), "arity.onnx"); }), "arity.onnx"));
  // ... and by graph::verify when the checker is off.
  EXPECT_TRUE(contains(error_of([&] { import_model_from_bytes(bytes_of(arity), "arity2.onnx", "", unchecked()); }),
                       "has 1 inputs"));

  // Shape inference rejects inconsistent shapes (MatMul [2,3] x [2,3]).
  auto mm = empty_model();
  *mm.mutable_graph()->add_initializer() = float_tensor("W", {2, 3}, {1, 2, 3, 4, 5, 6});
  *mm.mutable_graph()->add_node() = node("MatMul", {"x", "W"}, {"y"}, "mm");
  *mm.mutable_graph()->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"2", "3"});
  *mm.mutable_graph()->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2", "3"});
  EXPECT_TRUE(contains(error_of([&] { import_model_from_bytes(bytes_of(mm), "mm.onnx"); }), "mm.onnx: ONNX shape inference"));
}

// Corrupting bytes of a valid model anywhere gives either a graph or an ohmic::Error, never a crash or another
// exception type. (This test found libonnx shape-inference crashes; see onnx/shape_inference.h.)
void corrupt_and_import(const std::string& fixture_name, uint32_t seed, int trials) {
  std::ifstream in(fixture(fixture_name), std::ios::binary);
  std::vector<uint8_t> good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(good.empty());
  std::mt19937 rng(seed);
  int errors = 0, imported = 0;
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<uint8_t> bytes = good;
    int flips = 1 + trial % 4;
    for (int k = 0; k < flips; ++k) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
    if (trial % 5 == 0) bytes.resize(rng() % bytes.size());
    try {
      graph::Graph g = import_model_from_bytes(bytes, "corrupt.onnx");
      ++imported;
      try {
        (void)graph::layer_stats(g, 2);  // what inspect does next must cope with whatever imported
      } catch (const Error& e) {
        EXPECT_TRUE(contains(e.what(), "'")) << "layer_stats error names no node: " << e.what();
      }
    } catch (const Error& e) {
      ++errors;
      EXPECT_TRUE(contains(e.what(), "corrupt.onnx")) << e.what();
    } catch (const std::exception& e) {
      ADD_FAILURE() << fixture_name << " trial " << trial << ": not an ohmic::Error: " << e.what();
    }
  }
  EXPECT_GT(errors, 0);
  EXPECT_EQ(errors + imported, trials);
}

TEST(OnnxBadInput, CorruptedBytesNeverCrash) {
  corrupt_and_import("qdq_conv.onnx", 12345, 1500);
  corrupt_and_import("tiny_mlp.onnx", 777, 1500);
}

TEST(OnnxBadInput, CorruptedTensorFilesNeverCrash) {
  TempDir dir;
  std::string good = float_tensor("x", {2, 3}, {1, 2, 3, 4, 5, 6}).SerializeAsString();
  std::mt19937 rng(99);
  for (int trial = 0; trial < 200; ++trial) {
    std::string bytes = good;
    for (int k = 0; k < 1 + trial % 3; ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    dir.write("t.pb", bytes);
    try {
      (void)read_tensor_pb(dir.file("t.pb"));
    } catch (const Error&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "trial " << trial << ": not an ohmic::Error: " << e.what();
    }
  }
}

}  // namespace
}  // namespace ohmic::onnx
