// The summary `ohmic inspect` prints, and its JSON keys (documented in docs/onnx.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "model_proto_builder.h"
#include "ohmic/onnx/importer.h"
#include "ohmic/onnx/model_summary.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT

TEST(ModelSummary, TinyMlpTotalsAndJsonKeys) {
  ImportOptions options;
  options.batch = 2;
  ModelSummary s = summarize_model(import_model(fixture("tiny_mlp.onnx"), options), 2);
  EXPECT_EQ(s.total_params, 12 + 3);  // W and B; the scalar 2.0 of the Mul is no parameter
  EXPECT_EQ(s.total_macs, 2 * 4 * 3);
  EXPECT_TRUE(s.macs_complete);
  EXPECT_EQ(s.op_histogram, (std::map<std::string, int>{{"Gemm", 1}, {"Mul", 1}, {"Relu", 1}}));
  ASSERT_EQ(s.inputs.size(), 1u);
  EXPECT_EQ(s.inputs[0].shape, "[2, 4]");

  nlohmann::json j = nlohmann::json::parse(summary_json(s));
  for (const char* key : {"name", "opset", "batch", "inputs", "outputs", "op_histogram", "total_params", "total_macs",
                          "macs_complete", "layers"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["total_macs"], 24);
  EXPECT_EQ(j["inputs"][0]["dtype"], "f32");
  const auto& layer = j["layers"][0];
  for (const char* key : {"name", "op", "input_dims", "output_dims", "params", "macs"}) EXPECT_TRUE(layer.contains(key)) << key;
  EXPECT_EQ(layer["op"], "Gemm");
  EXPECT_EQ(layer["output_dims"][0], (std::vector<int64_t>{2, 3}));
  EXPECT_NE(summary_text(s).find("fc"), std::string::npos);
}

TEST(ModelSummary, SharedWeightCountedOnceAndUnknownMacsAreNull) {
  auto m = empty_model(13);
  auto* g = m.mutable_graph();
  *g->add_initializer() = float_tensor("W", {4, 4}, std::vector<float>(16, 1.f));
  *g->add_node() = node("MatMul", {"x", "W"}, {"h"}, "mm1");
  *g->add_node() = node("MatMul", {"h", "W"}, {"y"}, "mm2");
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"2", "seq", "4"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"2", "seq", "4"});
  ModelSummary s = summarize_model(import_model_from_bytes(bytes_of(m), "shared.onnx"), 1);
  EXPECT_EQ(s.layers[0].weight_params + s.layers[1].weight_params, 32);
  EXPECT_EQ(s.total_params, 16);
  EXPECT_FALSE(s.macs_complete);  // "seq" is not a batch dim, so it stays unknown
  nlohmann::json j = nlohmann::json::parse(summary_json(s));
  EXPECT_TRUE(j["layers"][0]["macs"].is_null());
  EXPECT_EQ(j["layers"][0]["output_dims"][0], (std::vector<int64_t>{2, -1, 4}));
}

// The batch fills in only open axes 0, and the summary labels the inputs it filled in (text and JSON).
TEST(ModelSummary, BatchedInputsAreReportedAndLabelled) {
  ImportOptions options;
  options.batch = 4;
  ImportedModel tiny = import_model_with_report(fixture("tiny_mlp.onnx"), options);
  ASSERT_EQ(tiny.batched_inputs.size(), 1u);
  EXPECT_EQ(tiny.batched_inputs[0].input, "x");
  EXPECT_EQ(tiny.batched_inputs[0].symbol, "batch");
  ModelSummary s = summarize_model(tiny.graph, 4, tiny.batched_inputs);
  EXPECT_EQ(s.inputs[0].shape, "[4, 4]");
  const std::string text = summary_text(s);
  EXPECT_NE(text.find("(opset 13, batch 4)\ninput   x: f32[4, 4]  (axis 0 is 'batch' in the model; set to batch 4)\n"),
            std::string::npos) << text;
  EXPECT_EQ(nlohmann::json::parse(summary_json(s))["inputs"][0]["batch_symbol"], "batch");

  // An unnamed open axis is reported with an empty symbol; a fixed one is left alone and not reported.
  auto m = empty_model(13);
  auto* g = m.mutable_graph();
  *g->add_node() = node("Relu", {"a"}, {"ra"}, "r1");
  *g->add_node() = node("Relu", {"b"}, {"rb"}, "r2");
  *g->add_input() = tensor_info("a", ::onnx::TensorProto::FLOAT, {"?", "3"});
  *g->add_input() = tensor_info("b", ::onnx::TensorProto::FLOAT, {"2", "3"});
  *g->add_output() = tensor_info("ra", ::onnx::TensorProto::FLOAT, {"?", "3"});
  *g->add_output() = tensor_info("rb", ::onnx::TensorProto::FLOAT, {"2", "3"});
  TempDir dir;
  dir.write("two_inputs.onnx", m.SerializeAsString());
  ImportedModel two = import_model_with_report(dir.file("two_inputs.onnx"), options);
  ASSERT_EQ(two.batched_inputs.size(), 1u);
  EXPECT_EQ(two.batched_inputs[0].input, "a");
  EXPECT_EQ(two.batched_inputs[0].symbol, "");
  ModelSummary s2 = summarize_model(two.graph, 4, two.batched_inputs);
  EXPECT_EQ(s2.inputs[1].shape, "[2, 3]");
  EXPECT_FALSE(s2.inputs[1].batch_symbol.has_value());
  EXPECT_NE(summary_text(s2).find("a: f32[4, 3]  (axis 0 is open in the model; set to batch 4)"), std::string::npos);
  // Without a batch nothing is filled in, and the header names no batch.
  ImportedModel plain = import_model_with_report(dir.file("two_inputs.onnx"));
  EXPECT_TRUE(plain.batched_inputs.empty());
  EXPECT_NE(summary_text(summarize_model(plain.graph, 1)).find("(opset 13)\n"), std::string::npos);
}

TEST(ModelSummary, ListOpsHasEveryOpOnce) {
  std::string ops = supported_ops_text();
  EXPECT_NE(ops.find("\nConv\n"), std::string::npos);
  EXPECT_NE(ops.find("\nQLinearMatMul\n"), std::string::npos);
  EXPECT_EQ(ops.find("Sin\n"), std::string::npos);
}

}  // namespace
}  // namespace ohmic::onnx
