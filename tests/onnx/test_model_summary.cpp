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

TEST(ModelSummary, ListOpsHasEveryOpOnce) {
  std::string ops = supported_ops_text();
  EXPECT_NE(ops.find("\nConv\n"), std::string::npos);
  EXPECT_NE(ops.find("\nQLinearMatMul\n"), std::string::npos);
  EXPECT_EQ(ops.find("Sin\n"), std::string::npos);
}

}  // namespace
}  // namespace ohmic::onnx
