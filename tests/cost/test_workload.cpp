// Workloads: exact layer geometry, the shipped workload files, LLM configurations, and malformed files.
#include <gtest/gtest.h>

#include <string>

#include "ohmic/core/error.h"
#include "ohmic/cost/workload/llm.h"
#include "ohmic/cost/workload/workload_file.h"

namespace ohmic::cost {
namespace {

std::string workload(const std::string& file) { return std::string(OHMIC_SOURCE_DIR) + "/workloads/" + file; }

TEST(Workload, ConvOutputSizeFromRealGeometry) {
  EXPECT_EQ(conv_output_size(224, 7, 2, 3, 3, 1), 112);
  EXPECT_EQ(conv_output_size(224, 7, 2, 0, 0, 1), 109);  // no padding: fewer positions
  EXPECT_EQ(conv_output_size(56, 3, 1, 1, 1, 1), 56);
  EXPECT_EQ(conv_output_size(56, 3, 1, 2, 2, 2), 56);     // dilation 2 spans 5
  EXPECT_EQ(conv_output_size(2, 5, 1, 0, 0, 1), 0);       // does not fit
}

TEST(Workload, ResNet50MatchesTorchvisionCounts) {
  const auto f = read_workload_file(workload("resnet50.yaml"));
  ASSERT_TRUE(f.layers);
  // Independent counts from torch forward hooks on torchvision.models.resnet50 (conv + fc):
  // 4,089,184,256 MACs and 25,502,912 weights.
  EXPECT_EQ(f.layers->total_macs(), 4089184256LL);
  EXPECT_EQ(f.layers->total_weights(), 25502912LL);
  int mvm_layers = 0;
  for (const auto& l : f.layers->layers) mvm_layers += l.has_static_weights();
  EXPECT_EQ(mvm_layers, 54);  // 53 convolutions (4 of them downsampling shortcuts) + fc
}

TEST(Workload, SmallCnnHandCount) {
  const auto f = read_workload_file(workload("small_cnn.yaml"));
  ASSERT_TRUE(f.layers);
  // conv1: 28·28 positions · (1·3·3) · 8 = 56,448; conv2: 14·14 · (8·3·3) · 16 = 225,792; fc: 784·10 = 7,840.
  EXPECT_EQ(f.layers->total_macs(), 56448 + 225792 + 7840);
  EXPECT_EQ(f.layers->total_weights(), 72 + 1152 + 7840);
}

TEST(Workload, GroupedConvAndMatmul) {
  const auto f = parse_workload_text(R"(
layers:
  - {name: dw, kind: conv, in_channels: 32, out_channels: 32, input: [10, 10], kernel: 3, padding: 1, groups: 32}
  - {name: att, kind: matmul, m: 16, k: 8, n: 16, matrices: 4, operand: dram}
  - {name: blk, kind: gemm, in_features: 64, out_features: 32, rows: 3, repeat: 5, weight_bits: 4}
)",
                                     "<test>");
  const auto& l = f.layers->layers;
  EXPECT_EQ(l[0].k, 9);
  EXPECT_EQ(l[0].n, 1);
  EXPECT_EQ(l[0].groups, 32);
  EXPECT_EQ(l[0].macs(), 100 * 9 * 32);
  EXPECT_EQ(l[1].macs(), 16 * 8 * 16 * 4);
  EXPECT_EQ(l[1].weight_count(), 0);
  EXPECT_TRUE(l[1].operand_from_dram);
  EXPECT_EQ(l[2].weight_bits, 4);
  EXPECT_EQ(f.layers->total_macs(), 100 * 9 * 32 + 16 * 8 * 16 * 4 + 5 * 3 * 64 * 32);
}

void expect_error(const std::string& text, const std::string& needle) {
  try {
    parse_workload_text(text, "bad.yaml");
    FAIL() << "accepted: " << text;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.yaml"), std::string::npos) << e.what();
  }
}

TEST(Workload, MalformedFilesGiveClearErrors) {
  expect_error("layers: [", "not valid YAML");
  expect_error("- 1\n- 2\n", "mapping");
  expect_error("name: x\n", "'layers' must be a non-empty list");
  expect_error("layers:\n  - {kind: conv, in_channels: 3, out_channels: 8, input: [8, 8], kernl: 3}\n",
               "unknown field 'kernl'");
  expect_error("layers:\n  - {kind: conv, out_channels: 8, input: [8, 8]}\n", "missing required field 'in_channels'");
  expect_error("layers:\n  - {kind: conv2d, in_channels: 3}\n", "not a workload layer kind");
  expect_error("layers:\n  - {kind: gemm, in_features: -4, out_features: 2}\n", "must be >= 1");
  expect_error("layers:\n  - {kind: gemm, in_features: four, out_features: 2}\n", "must be an integer");
  expect_error("layers:\n  - {kind: conv, in_channels: 3, out_channels: 8, input: [8, 8], padding: [1, 1, 1]}\n",
               "has 3 values");
  expect_error("layers:\n  - {kind: conv, in_channels: 3, out_channels: 8, input: [4, 4], kernel: 7}\n",
               "does not fit");
  expect_error("layers:\n  - {kind: conv, in_channels: 6, out_channels: 8, input: [4, 4], groups: 4}\n",
               "must divide");
  expect_error("layers:\n  - {kind: gemm, in_features: 4, out_features: 2, weight_bits: 40}\n", "at most 32");
  expect_error("llm: {layers: 2, hidden: 64, heads: 6, kv_heads: 4, ffn: 128, vocab: 10, prompt_tokens: 4, "
               "generated_tokens: 2}\n",
               "must divide heads");
  expect_error("llm: {hidden: 64, heads: 4, ffn: 128, vocab: 10, prompt_tokens: 4, generated_tokens: 2}\n",
               "missing required field 'layers'");
  EXPECT_THROW(read_workload_file("/nonexistent/workload.yaml"), Error);
}

TEST(LlmWorkload, ParameterCountsMatchThePublishedSizes) {
  const auto l3 = *read_workload_file(workload("llama3-8b.yaml")).llm;
  EXPECT_NEAR(static_cast<double>(l3.parameter_count()), 8.03e9, 0.01e9);  // Llama 3 8B: 8.03 B parameters
  const auto l2 = *read_workload_file(workload("llama2-7b.yaml")).llm;
  EXPECT_NEAR(static_cast<double>(l2.parameter_count()), 6.74e9, 0.01e9);  // Llama 2 7B: 6.74 B parameters
}

TEST(LlmWorkload, PrefillAndDecodeShapes) {
  const auto c = *read_workload_file(workload("llama3-8b.yaml")).llm;
  const Workload pre = llm_prefill_workload(c), dec = llm_decode_workload(c);
  // Static weights: every linear layer of every block plus the lm_head (the embedding is a table lookup).
  const int64_t block = c.hidden * c.hidden * 2 + 2 * c.hidden * c.kv_heads * c.head_dim + 3 * c.hidden * c.ffn;
  EXPECT_EQ(dec.total_weights(), c.layers * block + c.vocab * c.hidden);
  EXPECT_EQ(pre.total_weights(), dec.total_weights());
  // Decode: one token; weight MACs = weights; prefill runs the blocks on every prompt token.
  int64_t dec_weight_macs = 0, pre_weight_macs = 0;
  for (const auto& l : dec.layers) dec_weight_macs += l.has_static_weights() ? l.macs() * l.repeat : 0;
  for (const auto& l : pre.layers) pre_weight_macs += l.has_static_weights() ? l.macs() * l.repeat : 0;
  EXPECT_EQ(dec_weight_macs, dec.total_weights());
  EXPECT_EQ(pre_weight_macs, c.prompt_tokens * c.layers * block + c.vocab * c.hidden);
  // Decode reads the KV cache from DRAM at the average context.
  bool kv_from_dram = false;
  for (const auto& l : dec.layers)
    if (l.kind == LayerKind::kMatmul) {
      kv_from_dram |= l.operand_from_dram;
      EXPECT_EQ(l.operand_elements, c.kv_heads * c.head_dim * (c.prompt_tokens + (c.generated_tokens + 1) / 2));
    }
  EXPECT_TRUE(kv_from_dram);
}

}  // namespace
}  // namespace ohmic::cost
