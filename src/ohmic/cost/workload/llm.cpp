#include "ohmic/cost/workload/llm.h"

#include <fmt/format.h>

namespace ohmic::cost {
namespace {

// Elementwise work per element, counted as simple operations on the digital unit:
constexpr double kRmsNormOpsPerElement = 4;  // square, accumulate, scale by rsqrt, multiply by gain
constexpr double kSoftmaxOpsPerScore = 5;    // max, subtract, exp (table), accumulate, divide
constexpr double kRopeOpsPerElement = 3;     // two multiplies and an add per rotated element
constexpr double kSiluGateOpsPerElement = 5; // sigmoid (table), multiply, multiply by the up projection
constexpr double kResidualOpsPerElement = 1;

// The layers of one transformer block for `tokens` query tokens at average attention context `context`.
void add_block(Workload& w, const LlmConfig& c, int64_t tokens, int64_t context, bool kv_from_dram) {
  const int64_t q_width = c.heads * c.head_dim, kv_width = c.kv_heads * c.head_dim;
  const int ab = c.activation_bits, wb = c.weight_bits;
  auto add = [&](Layer l) {
    l.repeat = c.layers;
    w.layers.push_back(std::move(l));
  };
  add(elementwise_layer("attn_norm", kRmsNormOpsPerElement * tokens * c.hidden, tokens * c.hidden, ab));
  add(gemm_layer("q_proj", tokens, c.hidden, q_width, ab, wb));
  add(gemm_layer("k_proj", tokens, c.hidden, kv_width, ab, wb));
  add(gemm_layer("v_proj", tokens, c.hidden, kv_width, ab, wb));
  add(elementwise_layer("rope", kRopeOpsPerElement * tokens * (q_width + kv_width), tokens * (q_width + kv_width), ab));
  Layer scores = matmul_layer("attn_scores", tokens, c.head_dim, context, c.heads, c.kv_bits, kv_from_dram);
  Layer mix = matmul_layer("attn_values", tokens, context, c.head_dim, c.heads, c.kv_bits, kv_from_dram);
  // Grouped-query attention: the K (V) operand is shared by heads/kv_heads query heads; it is fetched once per KV head.
  scores.operand_elements = c.kv_heads * c.head_dim * context;
  mix.operand_elements = c.kv_heads * c.head_dim * context;
  add(std::move(scores));
  add(elementwise_layer("softmax", kSoftmaxOpsPerScore * c.heads * tokens * context, c.heads * tokens * context, ab));
  add(std::move(mix));
  add(gemm_layer("o_proj", tokens, q_width, c.hidden, ab, wb));
  add(elementwise_layer("attn_residual", kResidualOpsPerElement * tokens * c.hidden, tokens * c.hidden, ab));
  add(elementwise_layer("ffn_norm", kRmsNormOpsPerElement * tokens * c.hidden, tokens * c.hidden, ab));
  if (c.gated_ffn) add(gemm_layer("gate_proj", tokens, c.hidden, c.ffn, ab, wb));
  add(gemm_layer("up_proj", tokens, c.hidden, c.ffn, ab, wb));
  add(elementwise_layer("activation", kSiluGateOpsPerElement * tokens * c.ffn, tokens * c.ffn, ab));
  add(gemm_layer("down_proj", tokens, c.ffn, c.hidden, ab, wb));
  add(elementwise_layer("ffn_residual", kResidualOpsPerElement * tokens * c.hidden, tokens * c.hidden, ab));
  // KV cache: the new tokens' keys and values are stored (DRAM).
  Layer kv_store = elementwise_layer("kv_store", 0, 0, c.kv_bits);
  kv_store.dram_write_bits = static_cast<double>(tokens) * 2 * kv_width * c.kv_bits;
  add(std::move(kv_store));
}

void add_head(Workload& w, const LlmConfig& c) {
  w.layers.push_back(elementwise_layer("final_norm", kRmsNormOpsPerElement * c.hidden, c.hidden, c.activation_bits));
  w.layers.push_back(gemm_layer("lm_head", 1, c.hidden, c.vocab, c.activation_bits, c.weight_bits));
}

Workload base(const LlmConfig& c, const char* phase) {
  Workload w;
  w.name = fmt::format("{} {}", c.name, phase);
  w.source = c.source;
  return w;
}

}  // namespace

int64_t LlmConfig::parameter_count() const {
  const int64_t q_width = heads * head_dim, kv_width = kv_heads * head_dim;
  const int64_t attn = hidden * q_width + 2 * hidden * kv_width + q_width * hidden;
  const int64_t mlp = (gated_ffn ? 3 : 2) * hidden * ffn;
  return layers * (attn + mlp) + 2 * vocab * hidden;  // embedding table + lm_head (untied)
}

Workload llm_prefill_workload(const LlmConfig& c) {
  Workload w = base(c, "prefill");
  w.batch = c.batch;
  Layer embed = elementwise_layer("embedding", 0, c.prompt_tokens * c.hidden, c.activation_bits);
  embed.dram_read_bits = static_cast<double>(c.prompt_tokens) * c.hidden * c.weight_bits;
  w.layers.push_back(std::move(embed));
  add_block(w, c, c.prompt_tokens, (c.prompt_tokens + 1) / 2, false);
  add_head(w, c);
  return w;
}

Workload llm_decode_workload(const LlmConfig& c) {
  Workload w = base(c, "decode");
  w.batch = c.batch;
  Layer embed = elementwise_layer("embedding", 0, c.hidden, c.activation_bits);
  embed.dram_read_bits = static_cast<double>(c.hidden) * c.weight_bits;
  w.layers.push_back(std::move(embed));
  add_block(w, c, 1, c.prompt_tokens + (c.generated_tokens + 1) / 2, true);
  add_head(w, c);
  return w;
}

}  // namespace ohmic::cost
