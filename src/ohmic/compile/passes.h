#pragma once
// The compiler passes (internal to ohmic_compile). Each pass reads the context and the plan so far, adds its part,
// and has a printer for that part. compile.cpp lists them in order.
#include <string>

#include "ohmic/compile/compile.h"
#include "ohmic/compile/graph_facts.h"

namespace ohmic::compile::detail {

// 1. Which nodes the CIM arrays take; everything else goes to the digital unit, the host, or is pure layout.
PassStatus run_capability(Plan& plan, const CompileContext& ctx);
std::string print_capability(const Plan& plan);

// 2. Conv / Gemm / MatMul -> matrix form (im2col geometry, batched matmul folding).
Expected<MatrixForm> lower_node(const graph::Graph& g, const graph::Node& node, const WeightSource& weights,
                                const CompileOptions& options);
PassStatus run_lower(Plan& plan, const CompileContext& ctx);
std::string print_lower(const Plan& plan);

// 3. Weight and input encoding: bits, signed scheme, cell slicing, input slices, exact ADC/accumulator widths.
PassStatus run_encode(Plan& plan, const CompileContext& ctx);
std::string print_encode(const Plan& plan);

// 4. Blocks of each weight matrix (rows x cols of an array, row/column phases, group packing).
PassStatus run_partition(Plan& plan, const CompileContext& ctx);
std::string print_partition(const Plan& plan);

// 5. Pipelined (every block resident) when the chip holds one replica of each layer; otherwise rounds of blocks
// with weight reloads from DRAM (or a failure naming what is missing).
PassStatus run_schedule(Plan& plan, const CompileContext& ctx);
std::string print_schedule(const Plan& plan);

// 6. Replicate the slowest layers into spare macros (pipelined plans only).
PassStatus run_replicate(Plan& plan, const CompileContext& ctx);
std::string print_replicate(const Plan& plan);

// 7. Blocks (every replica) onto tiles and macros, round by round.
PassStatus run_place(Plan& plan, const CompileContext& ctx);
std::string print_place(const Plan& plan);

// 8. Actions, bytes and cycles per layer; schedule totals.
PassStatus run_count(Plan& plan, const CompileContext& ctx);
std::string print_count(const Plan& plan);

// Array geometry shared by partition, replicate and place.
struct ArrayGeometry {
  int64_t rows = 0, cols = 0, rows_active = 0, cols_active = 0;
  int64_t macros = 0;
};
ArrayGeometry array_geometry(const arch::ChipSpec& chip);
// Assigns every replica of every block an array (tile, macro, round, offsets), in layer order, replica by replica.
// One block per array unless `pack`: then blocks are packed next-fit into shelves (rows stacked, blocks side by side
// in a shelf) so that small blocks share an array. Pipelined (`rounds_allowed` false): returns the arrays used, or
// -1 when they exceed the chip. Sequential: a new round starts when the arrays run out; returns the rounds.
int64_t assign_arrays(Plan& plan, const ArrayGeometry& a, int64_t macros_per_tile, bool pack, bool rounds_allowed);

// Groups of a grouped layer that one block packs along the array's diagonal (1 when not packing or a group does
// not fit an array on its own).
int64_t groups_per_block(const MatrixForm& m, int64_t array_rows, int64_t array_cols, int64_t cols_per_weight,
                         int64_t reserved_cols, bool pack);

}  // namespace ohmic::compile::detail
