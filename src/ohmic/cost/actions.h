#pragma once
// Action counts: what a workload makes the chip do, per layer and per sample, before any energy is attached.
// Produced by the mapping (simple_mapping.h today, the compiler's Plan later); priced by chip_estimate.h.
#include <cstdint>
#include <string>
#include <vector>

#include "ohmic/cost/macro_model.h"

namespace ohmic::cost {

struct LayerActions {
  std::string name;
  std::string kind;             // layer kind name
  int64_t repeat = 1;           // the counts below are for ONE repeat; totals multiply by repeat
  double macs = 0;              // per sample
  // Array (CIM layers).
  OperatingPoint point;         // the macro operating point the layer runs at
  int64_t macros_used = 0;      // macros holding this layer's weights (one repeat)
  bool weights_resident = true; // false: reloaded from DRAM for every batch
  double array_reads = 0;       // macro reads (any number of rows/columns used)
  double dac_conversions = 0;   // row drives
  double cell_reads = 0;
  double adc_conversions = 0;
  double column_ops = 0;        // per-column digital work after each read (adder tree and/or shift-add)
  double weight_combines = 0;   // outputs × 1: combining a weight's column results (cells_per_weight − 1 adds)
  double partial_sum_adds = 0;  // accumulator additions across row blocks
  double serial_slices = 0;     // array slices that must run one after another (latency), per sample
  // Weight reload (per batch, when not resident).
  double weight_bits_loaded = 0;  // bits read from DRAM
  double cells_written = 0;
  double rows_written_serial = 0; // row writes one macro must do in sequence
  // Data movement (bits, per sample).
  double global_buffer_read_bits = 0, global_buffer_write_bits = 0;
  double tile_buffer_read_bits = 0, tile_buffer_write_bits = 0;
  double noc_bits = 0;          // bits crossing the NoC, each over the average distance
  double dram_read_bits = 0, dram_write_bits = 0;  // activations, KV cache, spills (weights are above)
  // Digital unit / host (per sample).
  double digital_ops = 0;       // elementwise ops + post-processing of outputs
  double digital_macs = 0;      // dynamic (activation × activation) MACs
  int digital_mac_bits = 8;
  double host_ops = 0;
};

struct MappingSummary {
  std::vector<LayerActions> layers;
  int64_t batch = 1;
  int64_t macros_available = 0;
  int64_t macros_needed = 0;        // all layers' weights resident at once
  double weight_bits_total = 0;
  bool all_weights_resident = true;
  std::vector<std::string> assumptions;  // defaults the mapping had to take (no DRAM, no buffer, ...)
};

}  // namespace ohmic::cost
