#pragma once
// Action counts of a Plan: what the cost model prices. Per layer (LayerCounts, also stored in the plan by the count
// pass) and for the whole plan (ActionCounts: CIM layers, host / digital-unit ops by kind, reloads, schedule).
// docs/plan-format.md defines every count.
#include <cstdint>
#include <map>
#include <string>

#include "ohmic/compile/plan.h"

namespace ohmic::compile {

// Array-read cycles of one layer: ceil(positions / replication) x input slices x the slowest block's reads (row
// phases x ADC steps of its column phases), summed over the rounds the layer spans.
int64_t layer_cycles(const LayerPlan& layer, const ChipFacts& chip);
// Array reads one copy of the layer performs one after another (row phases x column phases on its busiest array,
// summed over rounds) x positions per copy x input slices: layer_cycles without the ADC multiplexing steps (for a
// cost model that prices one read as max(array time, ADC time)).
int64_t layer_serial_reads(const LayerPlan& layer);
// Rows written one after another when the layer's weights are (re)loaded: the busiest array's rows, summed over
// rounds.
int64_t layer_serial_row_writes(const LayerPlan& layer);
// Distinct arrays holding the layer (all copies, all rounds).
int64_t layer_arrays(const LayerPlan& layer);
// The counts of one layer, from its blocks, encoding, replication and placement.
LayerCounts layer_counts(const LayerPlan& layer, const ChipFacts& chip);
void add_counts(LayerCounts& into, const LayerCounts& c);

struct OpTotals {
  int64_t nodes = 0;
  int64_t ops = 0;            // arithmetic ops (1 MAC = 2 ops); unknown-shape nodes add 0 and count in unknown
  int64_t bytes = 0;          // activation bytes read + written
  int64_t unknown = 0;        // nodes whose op count is unknown (a shape was not known)
};

struct ActionCounts {
  LayerCounts cim;                          // summed over the CIM layers
  int64_t cim_layers = 0;
  OpTotals host;                            // nodes on the host CPU
  OpTotals digital_unit;                    // nodes on the chip's digital unit
  OpTotals layout;                          // re-indexing nodes (ops always 0)
  std::map<std::string, OpTotals> host_by_kind;     // "softmax", "matmul", "pool", ...
  std::map<std::string, OpTotals> digital_by_kind;
  int64_t reload_bytes = 0;                 // weight bytes loaded from DRAM per batch (sequential plans)
  int64_t rounds = 1;
  int64_t pipeline_cycles = 0;              // steady-state cycles per batch (pipelined), = latency when sequential
  int64_t latency_cycles = 0;               // sum of the layers' array cycles
  int64_t macros_used = 0;
  int64_t macros_available = 0;
  int64_t batch = 1;
};
ActionCounts plan_action_counts(const Plan& plan);

}  // namespace ohmic::compile
