#pragma once
// The Plan: how one model maps onto one chip. Plain data, produced pass by pass (capability, lower, encode,
// partition, replicate, place, schedule, count), printable after any pass, serializable to JSON (plan_json.h) and
// checked by verify_plan (verify.h). The cost model counts actions from it (action_counts.h); the functional
// simulator re-derives the cell contents of every block from it (weights.h) and runs them (ideal_exec.h).
//
// Conventions: a "weight" is one integer entry of a layer's lowered weight matrix; a "cell" is one memory cell (a
// weight occupies `planes` cells in `planes` physical columns of the same row); "positions" count the rows of the
// lowered input matrix for the whole batch (conv: batch x OH x OW; matmul: product of the leading dims).
// Every count is per inference of the whole batch (CompileOptions::batch).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ohmic::compile {

// Where a graph node runs.
enum class Target {
  kCim,          // matrix-vector products in the CIM arrays
  kDigitalUnit,  // the chip's vector/SIMD unit (ChipSpec::digital_unit)
  kHost,         // the host CPU
  kLayout,       // no arithmetic: a re-indexing (Reshape, Flatten, ...) done by address generation
};
const char* target_name(Target t);
Target target_from_name(const std::string& name);  // throws ohmic::Error on an unknown name

struct NodeDecision {
  int node = -1;               // index into graph.nodes
  std::string name;            // node name
  std::string op;              // ONNX op name
  Target target = Target::kHost;
  std::string reason;          // why it runs there
  std::string op_kind;         // host/digital op family: elementwise, pool, softmax, norm, matmul, reduce, layout, ...
  int64_t ops = 0;             // arithmetic operations per batch on host/digital unit (1 MAC = 2 ops); -1 unknown
  int64_t bytes = 0;           // activation bytes read + written by the op (float32 on host, lane width on digital)
  int layer = -1;              // index into Plan::layers when target == kCim
  bool operator==(const NodeDecision&) const = default;
};

// Convolution geometry (2-D; a 1-D conv has in_h = out_h = kernel_h = 1).
struct ConvGeometry {
  int64_t in_c = 0, in_h = 0, in_w = 0, out_h = 0, out_w = 0;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  bool operator==(const ConvGeometry&) const = default;
};

// The layer as matrix products: for each group g, Y_g[positions x cols] = X_g[positions x rows] * W_g[rows x cols].
// Conv rows are ordered (c_in_local, kh, kw) with kw fastest (im2col); cols are output channels of the group.
struct MatrixForm {
  std::string kind;            // "conv" | "gemm" | "matmul"
  int64_t groups = 1;
  int64_t rows = 0;            // K per group
  int64_t cols = 0;            // N per group (output channels of one group)
  int64_t positions = 0;       // M for the whole batch
  int64_t batch = 1;
  bool weight_transposed = false;  // weight tensor stored [N, K] (Gemm transB=1, Conv): W_g[k][n] = T[n][k]
  ConvGeometry conv;           // kind == "conv" only
  std::string input;           // value names in the graph
  std::string weight;          // the constant holding the weights (the integer constant behind a DequantizeLinear)
  std::string bias;            // "" when none
  std::string output;
  int64_t macs() const { return groups * rows * cols * positions; }
  bool operator==(const MatrixForm&) const = default;
};

// One physical weight slice column kind: a cell digit d contributes sign * 2^shift * d to the weight.
struct WeightPlane {
  int shift = 0;
  int sign = 1;                // +1, or -1 for the negative column of a differential pair
  int digit_min = 0;           // range of the cell digits of this plane
  int digit_max = 1;
  bool operator==(const WeightPlane&) const = default;
};

// Bit widths and encodings of one layer.
struct Encoding {
  int weight_bits = 8;         // integer weights in [-(2^(b-1)-1), 2^(b-1)-1]
  std::string scale_source;    // "per_channel_max_abs" | "model" | "model_requantized"
  int input_bits = 8;
  bool input_signed = true;    // inputs in [-2^(b-1), 2^(b-1)-1] when signed, else [0, 2^b - 1]
  std::string input_signed_reason;
  std::string signed_scheme;   // arch::signed_weights_name: differential_pair | offset_column | twos_complement
  bool pair_in_cell = false;   // differential pair inside one 2T2R/2T2MTJ cell: one column, signed cell digits
  int bits_per_cell = 1;
  int weight_slices = 1;       // ceil(weight_bits / bits_per_cell) digits per weight (per sign for a pair)
  std::vector<WeightPlane> planes;  // physical columns per weight, in column order
  bool reference_column = false;    // offset_column: one column of unit cells per block, subtracted x offset
  int64_t weight_offset = 0;        // offset_column: the offset added to every weight (2^(b-1))
  std::string input_encoding;  // arch::input_encoding_name: bit_serial | pulse_width
  int dac_bits = 1;            // bits applied per read (bit_serial)
  int input_slices = 1;        // reads per input value (ChipSpec::input_cycles)
  std::vector<int> input_slice_shifts;  // shift of each slice, LSB first
  int64_t rows_per_read = 0;   // most rows one read sums (min(rows_active, rows used by a block))
  int adc_bits_exact = 0;      // bits a lossless column conversion needs (0 on digital routes)
  int adc_bits_chip = 0;       // the chip's ADC (0 = digital readout)
  int shift_add_bits_exact = 0;   // one block's exact result (all slices, its rows)
  int shift_add_bits_chip = 0;
  int accumulator_bits_exact = 0; // the layer's exact dot product (all rows)
  int accumulator_bits_chip = 0;
  bool operator==(const Encoding&) const = default;
};

// Where one replica of a block lives. `round` > 0 only in a sequential schedule (weights reloaded per round).
struct Placement {
  int64_t tile = 0;
  int64_t macro = 0;           // index within the tile
  int64_t round = 0;
  int64_t row_offset = 0;      // the block's first row / column inside the array (packed plans share arrays)
  int64_t col_offset = 0;
  bool operator==(const Placement&) const = default;
};

// One array's worth of one layer: groups [group_begin, +group_count) packed along the diagonal (grouped and
// depthwise conv), and within each group the weight rows [row_begin, +row_count) x cols [col_begin, +col_count).
struct Block {
  int64_t group_begin = 0, group_count = 1;
  int64_t row_begin = 0, row_count = 0;
  int64_t col_begin = 0, col_count = 0;
  int64_t rows_used = 0;       // physical rows: group_count * row_count
  int64_t cols_used = 0;       // physical columns: group_count * col_count * planes (+1 reference column)
  int64_t row_phases = 1;      // reads to cover rows_used with rows_active rows per read
  int64_t col_phases = 1;      // reads to cover cols_used with cols_active columns per read
  std::vector<Placement> replicas;  // one entry per replica of the layer
  int64_t weight_cells() const { return rows_used * cols_used; }
  bool operator==(const Block&) const = default;
};

// Actions of one layer (or summed over the plan), per batch. Analog routes count ADC conversions; digital routes
// count adder-tree additions instead.
struct LayerCounts {
  int64_t macs = 0;                // logical multiply-accumulates
  int64_t array_reads = 0;         // array activations (one input slice, one row phase, one column phase)
  int64_t dac_activations = 0;     // row drives (wordline / DAC conversions)
  int64_t cell_reads = 0;          // cells on driven rows in read columns
  int64_t adc_conversions = 0;     // column conversions (analog routes; reference columns included)
  int64_t adder_tree_adds = 0;     // digital routes: additions inside the column adder trees
  int64_t shift_adds = 0;          // column results shifted into their accumulators
  int64_t psum_adds = 0;           // additions combining row phases and row blocks (accumulator width)
  int64_t output_ops = 0;          // bias adds and scale multiplies on the outputs
  int64_t input_bytes = 0;         // activations read into the layer (input_bits each)
  int64_t output_bytes = 0;        // activations written (input_bits each)
  int64_t tile_input_bytes = 0;    // activations delivered to the tiles holding the layer's blocks
  int64_t noc_bytes = 0;           // bytes crossing tiles (inputs to extra tiles, partial sums between tiles)
  int64_t weight_cells = 0;        // cells programmed (all replicas)
  int64_t weight_bytes = 0;        // weight_cells * bits_per_cell / 8 (rounded up)
  int64_t cycles = 0;              // array-read cycles of the layer (replicas in parallel)
  bool operator==(const LayerCounts&) const = default;
};

struct LayerPlan {
  int node = -1;               // index into graph.nodes
  std::string name;
  std::string op;
  MatrixForm matrix;
  Encoding encoding;
  int64_t row_blocks = 0;      // blocks along K per group (group-packed layers: 1)
  int64_t col_blocks = 0;      // blocks along N per group
  std::vector<Block> blocks;
  int64_t replication = 1;
  double utilization = 0;      // weight cells / cells of the arrays the layer occupies
  LayerCounts counts;
  int64_t macros() const { return static_cast<int64_t>(blocks.size()) * replication; }
  bool operator==(const LayerPlan&) const = default;
};

struct Round {                 // one weight load in a sequential schedule (the whole plan when it fits)
  int64_t macros_used = 0;
  int64_t weight_bytes = 0;    // bytes programmed at the start of the round
  std::vector<int> layers;     // layers with at least one block in this round
  bool operator==(const Round&) const = default;
};

struct Schedule {
  std::string mode;            // "pipelined" (all weights resident) | "sequential" (rounds with reloads)
  bool packed = false;         // blocks share arrays (disjoint rectangles, read one after another): used only when
                               // one block per array does not fit
  int64_t macros_needed = 0;   // one replica of every layer
  int64_t macros_available = 0;
  int64_t macros_used = 0;     // with replication (pipelined) or the largest round (sequential)
  std::vector<Round> rounds;
  int64_t reload_bytes = 0;    // weight bytes loaded from DRAM per batch (0 when pipelined)
  int64_t pipeline_cycles = 0; // pipelined: cycles of the slowest stage (one batch per this many cycles in steady state)
  int64_t latency_cycles = 0;  // sum of layer cycles (array reads only)
  bool operator==(const Schedule&) const = default;
};

// The chip facts the plan was made for (copied so a plan stands alone when printed or read back).
struct ChipFacts {
  std::string id;
  std::string route;
  int64_t rows = 0, cols = 0, rows_active = 0, cols_active = 0;
  int bits_per_cell = 1;
  int64_t tiles = 0, macros_per_tile = 0;
  int adc_bits = 0;            // 0 = digital readout
  int64_t cols_per_adc = 1;
  bool has_dram = false;
  bool has_digital_unit = false;
  bool operator==(const ChipFacts&) const = default;
};

struct Plan {
  int format_version = 1;
  std::string model;
  ChipFacts chip;
  int64_t batch = 1;
  std::vector<std::string> passes_run;  // names of the passes applied, in order
  std::vector<NodeDecision> nodes;      // every graph node, in graph order
  std::vector<LayerPlan> layers;        // the CIM layers, in graph order
  Schedule schedule;
  std::vector<std::string> notes;       // things the user should know (precision raised, requantized, ...)
  bool operator==(const Plan&) const = default;
};

}  // namespace ohmic::compile
