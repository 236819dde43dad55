#include "ohmic/cost/workload/workload.h"

#include <fmt/format.h>

#include "ohmic/core/error.h"

namespace ohmic::cost {

const char* layer_kind_name(LayerKind k) {
  switch (k) {
    case LayerKind::kConv: return "conv";
    case LayerKind::kGemm: return "gemm";
    case LayerKind::kMatmul: return "matmul";
    case LayerKind::kElementwise: return "elementwise";
  }
  return "?";
}

int64_t Layer::macs() const { return kind == LayerKind::kElementwise ? 0 : vectors * k * n * groups; }

int64_t Layer::weight_count() const { return has_static_weights() ? k * n * groups : 0; }

int64_t Workload::total_macs() const {
  int64_t s = 0;
  for (const auto& l : layers) s += l.macs() * l.repeat;
  return s;
}

int64_t Workload::total_weights() const {
  int64_t s = 0;
  for (const auto& l : layers) s += l.weight_count() * l.repeat;
  return s;
}

int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t pad_begin, int64_t pad_end,
                         int64_t dilation) {
  const int64_t span = dilation * (kernel - 1) + 1;
  const int64_t padded = in + pad_begin + pad_end;
  if (stride <= 0 || kernel <= 0 || dilation <= 0 || padded < span) return 0;
  return (padded - span) / stride + 1;
}

Layer conv_layer(const std::string& name, const ConvGeometry& g, int input_bits, int weight_bits) {
  const std::string where = "conv layer '" + name + "'";
  if (g.in_channels <= 0 || g.out_channels <= 0 || g.in_h <= 0 || g.in_w <= 0 || g.groups <= 0)
    fail(where, "channels, input size and groups must be positive");
  if (g.in_channels % g.groups != 0 || g.out_channels % g.groups != 0)
    fail(where, fmt::format("groups ({}) must divide in_channels ({}) and out_channels ({})", g.groups,
                            g.in_channels, g.out_channels));
  const int64_t oh = conv_output_size(g.in_h, g.kernel_h, g.stride_h, g.pad_top, g.pad_bottom, g.dilation_h);
  const int64_t ow = conv_output_size(g.in_w, g.kernel_w, g.stride_w, g.pad_left, g.pad_right, g.dilation_w);
  if (oh <= 0 || ow <= 0)
    fail(where, fmt::format("kernel {}x{} (stride {}x{}) does not fit the {}x{} input with the given padding",
                            g.kernel_h, g.kernel_w, g.stride_h, g.stride_w, g.in_h, g.in_w),
         "check kernel, stride, padding and input size");
  Layer l;
  l.name = name;
  l.kind = LayerKind::kConv;
  l.vectors = oh * ow;
  l.k = g.in_channels / g.groups * g.kernel_h * g.kernel_w;
  l.n = g.out_channels / g.groups;
  l.groups = g.groups;
  l.input_bits = input_bits;
  l.weight_bits = weight_bits;
  l.output_bits = input_bits;
  l.input_elements = g.in_channels * g.in_h * g.in_w;
  l.output_elements = g.out_channels * oh * ow;
  return l;
}

Layer gemm_layer(const std::string& name, int64_t rows, int64_t in_features, int64_t out_features, int input_bits,
                 int weight_bits) {
  if (rows <= 0 || in_features <= 0 || out_features <= 0)
    fail("gemm layer '" + name + "'", "rows, in_features and out_features must be positive");
  Layer l;
  l.name = name;
  l.kind = LayerKind::kGemm;
  l.vectors = rows;
  l.k = in_features;
  l.n = out_features;
  l.input_bits = input_bits;
  l.weight_bits = weight_bits;
  l.output_bits = input_bits;
  l.input_elements = rows * in_features;
  l.output_elements = rows * out_features;
  return l;
}

Layer matmul_layer(const std::string& name, int64_t rows, int64_t k, int64_t n, int64_t batch_of_matrices,
                   int input_bits, bool operand_from_dram) {
  if (rows <= 0 || k <= 0 || n <= 0 || batch_of_matrices <= 0)
    fail("matmul layer '" + name + "'", "m, k, n and matrices must be positive");
  Layer l;
  l.name = name;
  l.kind = LayerKind::kMatmul;
  l.vectors = rows;
  l.k = k;
  l.n = n;
  l.groups = batch_of_matrices;
  l.input_bits = input_bits;
  l.weight_bits = input_bits;
  l.output_bits = input_bits;
  l.input_elements = batch_of_matrices * (rows * k + k * n);
  l.output_elements = batch_of_matrices * rows * n;
  l.operand_elements = batch_of_matrices * k * n;
  l.operand_from_dram = operand_from_dram;
  return l;
}

Layer elementwise_layer(const std::string& name, double ops, int64_t elements, int bits) {
  if (!(ops >= 0) || elements < 0) fail("elementwise layer '" + name + "'", "ops and elements must be >= 0");
  Layer l;
  l.name = name;
  l.kind = LayerKind::kElementwise;
  l.elementwise_ops = ops;
  l.input_elements = elements;
  l.output_elements = elements;
  l.input_bits = l.weight_bits = l.output_bits = bits;
  return l;
}

}  // namespace ohmic::cost
