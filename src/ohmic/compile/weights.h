#pragma once
// The numbers behind a Plan: a layer's integer weight matrix and per-output-channel scales, the cell digits of every
// block (digit planes of bits_per_cell, signed scheme applied), and the slice decomposition of integer inputs.
// Used by the ideal-chip executor (ideal_exec.h) and by the functional simulator, which maps digits to device levels.
//
// Digit conventions (exact for every weight and input in range):
//   weight:  w = sum_p planes[p].sign * 2^planes[p].shift * digit_p  - (reference_column ? offset : 0)
//   input:   x = sum_k 2^shift_k * digit_k      (bit-serial; the top slice carries the sign of a signed input)
#include <cstdint>
#include <span>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/compile/plan.h"
#include "ohmic/graph/graph.h"

namespace ohmic::compile {

// How one integer weight of `weight_bits` becomes cell digits under a signed scheme.
struct WeightCellCode {
  int slices = 1;                   // ceil(weight_bits / bits_per_cell) digits (per sign for a differential pair)
  std::vector<WeightPlane> planes;  // one physical column per plane
  bool reference_column = false;
  int64_t offset = 0;
};
// A differential pair slices the magnitude (weight_bits - 1 bits) into two columns per slice, or into one column of
// signed digits when the pair sits inside one cell (`pair_in_cell`: 2T2R, 2T2MTJ), as ChipSpec::cells_per_weight.
WeightCellCode weight_cell_code(arch::SignedWeights scheme, int weight_bits, int bits_per_cell, bool pair_in_cell);
// True for cells that hold a whole differential pair (ChipSpec::cells_per_weight's rule).
bool cell_holds_pair(arch::CellKind cell);

struct InputSliceCode {
  std::vector<int> shifts;          // LSB first
  int digit_min = 0, digit_max = 1; // over all slices
};
InputSliceCode input_slice_code(const Encoding& e);

// Largest integer weight magnitude: 2^(weight_bits-1) - 1 (symmetric).
int32_t weight_qmax(int weight_bits);
// Input range [min, max] of the encoding (signed: [-2^(b-1), 2^(b-1)-1], unsigned: [0, 2^b-1]).
int32_t input_min(const Encoding& e);
int32_t input_max(const Encoding& e);

// Digits of one weight (digits.size() == e.planes.size()); throws ohmic::Error when w is out of range.
void encode_weight(int32_t w, const Encoding& e, std::span<int32_t> digits);
// Digits of one input (digits.size() == e.input_slices).
void encode_input(int32_t x, const Encoding& e, std::span<int32_t> digits);

// A layer's integer weights W[g][k][n] and the scale of each output channel (real weight = W * scale).
struct QuantizedLayer {
  int64_t groups = 1, rows = 0, cols = 0;
  std::vector<int32_t> weights;     // groups * rows * cols, n fastest
  std::vector<float> scales;        // groups * cols
  int32_t at(int64_t g, int64_t k, int64_t n) const {
    return weights[static_cast<size_t>((g * rows + k) * cols + n)];
  }
};
// Reads the layer's constant from the graph and quantizes it as the plan says (or takes the model's integers).
// Throws ohmic::Error when the graph does not match the plan (missing value, other shape).
QuantizedLayer quantize_layer(const graph::Graph& g, const LayerPlan& layer);
// Quantizes a float weight matrix W[g][k][n] per output channel to `weight_bits` (max-abs, symmetric).
QuantizedLayer quantize_matrix(const std::vector<float>& w, int64_t groups, int64_t rows, int64_t cols, int weight_bits);

// The cells of one block: rows_used x cols_used digits, column-major (cells[c * rows + r]).
// Physical layout: row r = gi * row_count + k_local; column c = (gi * col_count + n_local) * planes + p; the
// reference column (offset scheme) is the last one and holds digit 1 on every row. Cells that hold no weight of the
// block (off-diagonal in a group-packed block) hold the code of weight 0.
struct BlockCells {
  int64_t rows = 0, cols = 0;
  std::vector<int16_t> cells;  // digits fit int16 (bits_per_cell <= 8)
  int16_t at(int64_t r, int64_t c) const { return cells[static_cast<size_t>(c * rows + r)]; }
};
BlockCells block_cells(const QuantizedLayer& q, const LayerPlan& layer, const Block& block);

}  // namespace ohmic::compile
