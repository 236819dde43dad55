#pragma once
// Workloads for the cost model: a list of layers with their exact geometry, independent of where they came from
// (a layer-shape YAML file, an ONNX graph, or an LLM configuration).
//
// Every layer is reduced to matrix-vector products (MVMs) against a K×N weight matrix, repeated for `vectors`
// input vectors per sample:
//   gemm:   vectors = rows of the input (1 for a vector), K = in_features, N = out_features.
//   conv:   vectors = out_h·out_w (from the real padding, stride and dilation), K = in_ch/groups·kh·kw,
//           N = out_ch/groups, `groups` independent K×N blocks.
//   matmul: both operands are activations (e.g. attention scores): no static weights; K×N is the second operand.
//   elementwise: `ops` operations per sample on the digital unit (pooling, residual add, softmax, normalisation).
#include <cstdint>
#include <string>
#include <vector>

namespace ohmic::cost {

enum class LayerKind { kConv, kGemm, kMatmul, kElementwise };
const char* layer_kind_name(LayerKind k);

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::kGemm;
  int64_t vectors = 1;   // MVMs per sample (per group)
  int64_t k = 0;         // inputs per MVM (weight rows)
  int64_t n = 0;         // outputs per MVM (weight columns)
  int64_t groups = 1;
  int64_t repeat = 1;    // identical layers (e.g. transformer blocks)
  int input_bits = 8;
  int weight_bits = 8;
  int output_bits = 8;
  int64_t input_elements = 0;   // unique input activations per sample
  int64_t output_elements = 0;  // output activations per sample
  double elementwise_ops = 0;   // kElementwise: operations per sample
  // kMatmul: the second operand's elements fetched per sample (default k·n·groups) and where it lives: true =
  // streamed from DRAM every sample (KV cache in LLM decode), false = on-chip buffer.
  int64_t operand_elements = 0;
  bool operand_from_dram = false;
  // Explicit extra DRAM traffic per sample (embedding rows read, KV-cache entries written), in bits.
  double dram_read_bits = 0;
  double dram_write_bits = 0;

  int64_t macs() const;            // per sample, one repeat: vectors·K·N·groups (0 for elementwise)
  int64_t weight_count() const;    // static weights, one repeat: K·N·groups for conv/gemm, 0 otherwise
  bool has_static_weights() const { return kind == LayerKind::kConv || kind == LayerKind::kGemm; }
};

struct Workload {
  std::string name;
  std::string source;          // where the shapes come from
  std::vector<Layer> layers;
  int64_t batch = 1;
  int64_t total_macs() const;  // per sample, repeats included
  int64_t total_weights() const;
};

// Conv output size along one axis from the real geometry: floor((in + pad_begin + pad_end − dil·(k−1) − 1)/stride) + 1.
int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad_begin, int64_t pad_end,
                         int64_t dilation);

// Builders for the common layer kinds (used by the YAML reader, the ONNX adapter and the LLM expander).
struct ConvGeometry {
  int64_t in_channels = 0, out_channels = 0, in_h = 0, in_w = 0;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dilation_h = 1, dilation_w = 1, groups = 1;
};
Layer conv_layer(const std::string& name, const ConvGeometry& g, int input_bits, int weight_bits);
Layer gemm_layer(const std::string& name, int64_t rows, int64_t in_features, int64_t out_features, int input_bits,
                 int weight_bits);
Layer matmul_layer(const std::string& name, int64_t rows, int64_t k, int64_t n, int64_t batch_of_matrices,
                   int input_bits, bool operand_from_dram);
Layer elementwise_layer(const std::string& name, double ops, int64_t elements, int bits);

}  // namespace ohmic::cost
