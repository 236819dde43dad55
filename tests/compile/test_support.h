#pragma once
// Chips and graphs built in code for the compiler tests (no files needed): a ChipSpec with every field the compiler
// reads, and small graphs with one matrix layer, with random constant weights.
#include <cstdint>
#include <string>

#include "ohmic/arch/spec.h"
#include "ohmic/core/rng.h"
#include "ohmic/graph/graph.h"

namespace ohmic::compile::testing {

struct ChipParams {
  arch::Route route = arch::Route::kReram;
  int64_t rows = 64, cols = 64, rows_active = 64, cols_active = 64;
  int bits_per_cell = 1;
  arch::CellKind cell = arch::CellKind::k1t1r;
  arch::SignedWeights scheme = arch::SignedWeights::kDifferentialPair;
  int weight_bits_max = 8, input_bits_max = 8;
  arch::InputEncoding encoding = arch::InputEncoding::kBitSerial;
  int dac_bits = 1;
  int adc_bits = 8;
  int64_t cols_per_adc = 1;
  int64_t tiles = 4, macros_per_tile = 4;
  bool dram = false;
  bool digital_unit = false;
};
arch::ChipSpec make_chip(const ChipParams& p, const std::string& id = "test_chip");

struct ConvParams {
  int64_t batch = 1, in_c = 3, in_h = 8, in_w = 8, out_c = 4, kernel_h = 3, kernel_w = 3;
  int64_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1, groups = 1;
  int64_t pad_top = 1, pad_left = 1, pad_bottom = 1, pad_right = 1;
  bool bias = true;
};
// input -> Conv -> Relu -> output; weights uniform in [-1, 1) from the seed.
graph::Graph conv_graph(const ConvParams& p, uint64_t seed);
// input [batch, k] -> Gemm (transB as given) -> output.
graph::Graph gemm_graph(int64_t batch, int64_t k, int64_t n, bool trans_b, uint64_t seed);
// input [batch, seq, k] -> MatMul with constant [k, n] -> output.
graph::Graph matmul_graph(int64_t batch, int64_t seq, int64_t k, int64_t n, uint64_t seed);

}  // namespace ohmic::compile::testing
