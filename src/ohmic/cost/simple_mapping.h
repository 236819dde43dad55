#pragma once
// The simple mapping: turns workload layers into action counts on a CIM chip. It stands in for the compiler's Plan
// (the compiler will produce the same LayerActions from its real placement); keep every mapping rule in this file.
//
// Rules (docs/cost-model.md, "Mapping assumptions"):
// - A K×N weight matrix is cut into ceil(K/rows) × ceil(N/weights_per_row) macro blocks; small grouped blocks are
//   packed block-diagonally (min(rows/K, weights_per_row/N) groups per macro). No replication.
// - Layers are placed in order while macros remain; the rest are reloaded from DRAM for every batch, in passes of at
//   most all macros, each pass writing its rows before computing.
// - Precision above the macro's native maximum is bit-sliced: more input cycles (bit-serial) or passes
//   (pulse width), more cells per weight.
// - Activations: each layer reads its input from and writes its output to the activation store (global buffer);
//   tiles read their im2col feed from the tile buffer (or the store). Input + output larger than the store spill
//   to DRAM. Partial sums of row blocks travel over the NoC and are added digitally.
// - Every output element gets one digital post-processing op (scale, bias, activation). Elementwise layers and
//   dynamic matmuls run on the digital unit (or the host).
#include "ohmic/arch/spec.h"
#include "ohmic/cost/actions.h"
#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

MappingSummary simple_mapping(const Workload& workload, const arch::ChipSpec& chip, const ChipResources& res,
                              int64_t batch);

}  // namespace ohmic::cost
