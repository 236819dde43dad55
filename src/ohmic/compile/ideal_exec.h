#pragma once
// The ideal chip: runs a layer's Plan with exact integer arithmetic, block by block, exactly as the arrays would —
// input slices (DAC / pulse), weight digit planes (cells), row phases (rows_active), column sums (what an ADC
// converts), shift-and-add, offset-reference subtraction, and the partial-sum reduction across row phases and row
// blocks. With an infinite ADC it equals the unpartitioned integer GEMM/conv bit for bit (tests/compile checks it);
// the functional simulator passes a ColumnReadout that applies device and ADC effects to the column sums.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "ohmic/compile/plan.h"
#include "ohmic/compile/weights.h"

namespace ohmic::compile {

// Integer activations of a layer in lowered form: positions x (groups * rows), row-major; column g*rows + k is row
// k of group g's matrix.
struct LoweredInput {
  int64_t positions = 0, width = 0;
  std::vector<int32_t> values;
};
// Integer results: positions x (groups * cols), column g*cols + n.
struct LayerOutput {
  int64_t positions = 0, width = 0;
  std::vector<int64_t> values;
  int64_t at(int64_t p, int64_t c) const { return values[static_cast<size_t>(p * width + c)]; }
};

// Lowers the layer's integer input tensor (ONNX layout: conv NCHW / NCW; matmul [..., M, K] or [..., G, M, K]).
// Conv padding contributes zeros (the integer zero point is 0).
LoweredInput lower_input(const MatrixForm& m, std::span<const int32_t> input);
// Lowered output -> ONNX layout (conv NCHW; matmul [..., G, M, N] / [..., M, N]).
std::vector<int64_t> raise_output(const MatrixForm& m, const LayerOutput& y);

// What one array read produced, handed to a readout hook before shift-and-add.
struct ColumnRead {
  int64_t block = 0;          // index into layer.blocks
  int64_t position = 0;
  int input_slice = 0;
  int64_t row_phase = 0;      // rows [row_phase * rows_active, ...) of the block were driven
  int64_t rows_driven = 0;
};
// May change the column sums in place (an ADC model: clip, quantize, add noise). Column c of the span is physical
// column c of the block (weight_col * planes + plane; the reference column last).
using ColumnReadout = std::function<void(std::span<int64_t> column_sums, const ColumnRead& read)>;

// Runs every block of the layer on `x` (one replica; replicas compute the same values). rows_active is the chip's.
LayerOutput execute_layer(const LayerPlan& layer, const QuantizedLayer& weights, const LoweredInput& x,
                          int64_t rows_active, const ColumnReadout& readout = {});

// The unpartitioned references: Y = X W per group, and a direct (non-im2col) integer convolution in NCHW.
LayerOutput reference_gemm(const QuantizedLayer& weights, const LoweredInput& x);
std::vector<int64_t> reference_conv(const MatrixForm& m, const QuantizedLayer& weights, std::span<const int32_t> input);

}  // namespace ohmic::compile
