#pragma once
// LLM workloads from a small decoder-only transformer configuration (no weights): prefill (the prompt, compute-bound)
// and decode (one token per step, memory-bound: all weights and the KV cache are read per step) are separate
// workloads, estimated and reported separately.
#include <cstdint>
#include <string>

#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

struct LlmConfig {
  std::string name;
  std::string source;           // where the configuration comes from
  int64_t layers = 0;           // transformer blocks
  int64_t hidden = 0;           // model width
  int64_t heads = 0;            // query heads
  int64_t kv_heads = 0;         // key/value heads (grouped-query attention); default heads
  int64_t head_dim = 0;         // default hidden / heads
  int64_t ffn = 0;              // feed-forward inner width
  bool gated_ffn = true;        // SwiGLU (gate, up, down) vs plain (up, down)
  int64_t vocab = 0;
  int64_t prompt_tokens = 0;
  int64_t generated_tokens = 0;
  int64_t batch = 1;            // sequences decoded together
  int weight_bits = 8;
  int activation_bits = 8;
  int kv_bits = 8;              // KV-cache element width; default activation_bits

  int64_t parameter_count() const;  // weights of all linear layers plus the embedding table
};

// Prefill: one sample = one prompt of prompt_tokens tokens (lm_head on the last token only). Causal attention counts
// the average context (P + 1)/2 per query; the KV cache produced is written to DRAM.
Workload llm_prefill_workload(const LlmConfig& c);
// Decode: one sample = one generated token of one sequence; batch = c.batch. Attention reads the KV cache from DRAM
// at the average context of the generation, prompt_tokens + (generated_tokens + 1)/2.
Workload llm_decode_workload(const LlmConfig& c);

}  // namespace ohmic::cost
