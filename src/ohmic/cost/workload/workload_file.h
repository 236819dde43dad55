#pragma once
// Workload files (YAML). Either a list of layers with their geometry:
//   name: resnet50
//   source: "torchvision.models.resnet50 (He et al. 2016)"
//   input_bits: 8        # defaults for every layer (each layer may override)
//   weight_bits: 8
//   layers:
//     - {name: conv1, kind: conv, in_channels: 3, out_channels: 64, input: [224, 224], kernel: 7, stride: 2,
//        padding: 3}                            # padding: p | [ph, pw] | [top, left, bottom, right]
//     - {name: fc, kind: gemm, in_features: 2048, out_features: 1000}        # rows: 1 (default)
//     - {name: scores, kind: matmul, m: 128, k: 64, n: 128, matrices: 8}      # operand: buffer (default) | dram
//     - {name: pool, kind: elementwise, ops: 100352, elements: 100352}
// (any layer may have `repeat: N` for N identical layers), or an LLM configuration under `llm:` (see llm.h and
// docs/cost-model.md). Every error names the file, line and field.
#include <optional>
#include <string>

#include "ohmic/cost/workload/llm.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

struct WorkloadFile {
  std::optional<Workload> layers;  // a layer-list file
  std::optional<LlmConfig> llm;    // an LLM configuration file
};

WorkloadFile read_workload_file(const std::string& path);
// `origin` names the text in error messages.
WorkloadFile parse_workload_text(const std::string& yaml_text, const std::string& origin);

}  // namespace ohmic::cost
