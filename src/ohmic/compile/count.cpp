// Pass 8: counting. Every action the cost model prices is counted here from the mapping itself (blocks, phases,
// slices, replicas, rounds), per batch, so utilization losses, replication and reloads reach energy and latency.
// docs/plan-format.md defines each count.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "ohmic/compile/counting.h"
#include "ohmic/compile/passes.h"

namespace ohmic::compile {
namespace {

using detail::ceil_div;

int64_t block_read_cycles(const Block& b, const ChipFacts& chip) {
  const int64_t adcs = chip.adc_bits > 0 ? std::max<int64_t>(1, chip.cols / std::max<int64_t>(1, chip.cols_per_adc)) : 0;
  int64_t steps = 0;
  for (int64_t ph = 0; ph < b.col_phases; ++ph) {
    const int64_t cols = std::min(chip.cols_active, b.cols_used - ph * chip.cols_active);
    steps += adcs > 0 ? ceil_div(cols, adcs) : 1;
  }
  return b.row_phases * steps;
}

int64_t input_elements(const MatrixForm& m) {
  if (m.kind == "conv") return m.batch * m.conv.in_c * m.conv.in_h * m.conv.in_w;
  return m.positions * m.groups * m.rows;
}

}  // namespace

int64_t layer_cycles(const LayerPlan& layer, const ChipFacts& chip) {
  // Blocks of one copy on different arrays read in parallel; blocks sharing an array (packed) one after another.
  std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> per_array;  // (round, tile, macro) -> busy reads
  for (const Block& b : layer.blocks) {
    const Placement p = b.replicas.empty() ? Placement{} : b.replicas[0];
    per_array[{p.round, p.tile, p.macro}] += block_read_cycles(b, chip);
  }
  std::map<int64_t, int64_t> per_round;  // round -> busiest array
  for (const auto& [key, reads] : per_array) per_round[std::get<0>(key)] = std::max(per_round[std::get<0>(key)], reads);
  int64_t reads = 0;
  for (const auto& [round, c] : per_round) reads += c;
  return ceil_div(layer.matrix.positions, std::max<int64_t>(1, layer.replication)) * layer.encoding.input_slices * reads;
}

namespace {

// Sum of `per_block` over the blocks of copy 0 on each array, the busiest array per round, summed over rounds.
template <class PerBlock>
int64_t busiest_array_sum(const LayerPlan& layer, PerBlock per_block) {
  std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> per_array;
  for (const Block& b : layer.blocks) {
    const Placement p = b.replicas.empty() ? Placement{} : b.replicas[0];
    per_array[{p.round, p.tile, p.macro}] += per_block(b);
  }
  std::map<int64_t, int64_t> per_round;
  for (const auto& [key, v] : per_array) per_round[std::get<0>(key)] = std::max(per_round[std::get<0>(key)], v);
  int64_t total = 0;
  for (const auto& [round, v] : per_round) total += v;
  return total;
}

}  // namespace

int64_t layer_serial_reads(const LayerPlan& layer) {
  return ceil_div(layer.matrix.positions, std::max<int64_t>(1, layer.replication)) * layer.encoding.input_slices *
         busiest_array_sum(layer, [](const Block& b) { return b.row_phases * b.col_phases; });
}

int64_t layer_serial_row_writes(const LayerPlan& layer) {
  return busiest_array_sum(layer, [](const Block& b) { return b.rows_used; });
}

int64_t layer_arrays(const LayerPlan& layer) {
  std::set<std::tuple<int64_t, int64_t, int64_t>> arrays;
  for (const Block& b : layer.blocks)
    for (const Placement& p : b.replicas) arrays.insert({p.round, p.tile, p.macro});
  return static_cast<int64_t>(arrays.size());
}

LayerCounts layer_counts(const LayerPlan& layer, const ChipFacts& chip) {
  const MatrixForm& m = layer.matrix;
  const Encoding& e = layer.encoding;
  const int64_t P = m.positions, S = e.input_slices;
  const bool analog = chip.adc_bits > 0;
  LayerCounts c;
  c.macs = m.macs();
  std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> partials;  // (group, col) -> (cols, results)
  for (const Block& b : layer.blocks) {
    c.array_reads += P * S * b.row_phases * b.col_phases;
    c.dac_activations += P * S * b.rows_used * b.col_phases;
    c.cell_reads += P * S * b.rows_used * b.cols_used;
    const int64_t column_results = P * S * b.row_phases * b.cols_used;
    if (analog) {
      c.adc_conversions += column_results;
    } else {
      c.adder_tree_adds += P * S * b.cols_used * (b.rows_used - b.row_phases);
    }
    c.shift_adds += column_results;
    for (int64_t gi = 0; gi < b.group_count; ++gi) {
      auto& [cols, results] = partials[{b.group_begin + gi, b.col_begin}];
      cols = b.col_count;
      results += b.row_phases;
    }
    c.weight_cells += b.weight_cells() * layer.replication;
  }
  for (const auto& [key, v] : partials) c.psum_adds += P * v.first * (v.second - 1);
  c.output_ops = P * m.groups * m.cols * (m.bias.empty() ? 1 : 2);
  c.input_bytes = ceil_div(input_elements(m) * e.input_bits, 8);
  c.output_bytes = ceil_div(P * m.groups * m.cols * e.input_bits, 8);
  c.weight_bytes = ceil_div(c.weight_cells * e.bits_per_cell, 8);
  c.cycles = layer_cycles(layer, chip);

  // Activations delivered to tiles: each tile a replica occupies receives the share of the input rows its blocks
  // use, for the replica's share of positions. Partial sums of one column range held on several tiles cross tiles.
  const int64_t all_rows = m.groups * m.rows;
  const int64_t acc_bytes = ceil_div(std::max(e.accumulator_bits_chip, e.accumulator_bits_exact), 8);
  for (int64_t r = 0; r < layer.replication; ++r) {
    std::map<int64_t, std::set<std::pair<int64_t, int64_t>>> rows_on_tile;      // tile -> (group, row_begin)
    std::map<std::pair<int64_t, int64_t>, std::set<int64_t>> tiles_of_columns;  // (group, col_begin) -> tiles
    std::map<std::pair<int64_t, int64_t>, int64_t> row_count_of;
    std::map<std::pair<int64_t, int64_t>, int64_t> col_count_of;
    for (const Block& b : layer.blocks) {
      const int64_t tile = b.replicas.at(static_cast<size_t>(r)).tile;
      for (int64_t gi = 0; gi < b.group_count; ++gi) {
        rows_on_tile[tile].insert({b.group_begin + gi, b.row_begin});
        row_count_of[{b.group_begin + gi, b.row_begin}] = b.row_count;
        tiles_of_columns[{b.group_begin + gi, b.col_begin}].insert(tile);
        col_count_of[{b.group_begin + gi, b.col_begin}] = b.col_count;
      }
    }
    const int64_t share_positions = P / layer.replication + (r < P % layer.replication ? 1 : 0);
    for (const auto& [tile, ranges] : rows_on_tile) {
      int64_t rows = 0;
      for (const auto& key : ranges) rows += row_count_of[key];
      c.tile_input_bytes += ceil_div(c.input_bytes * rows * share_positions, all_rows * P);
    }
    for (const auto& [key, tiles] : tiles_of_columns)
      c.noc_bytes += share_positions * col_count_of[key] * static_cast<int64_t>(tiles.size() - 1) * acc_bytes;
  }
  if (chip.tiles > 1) c.noc_bytes += c.tile_input_bytes;
  return c;
}

void add_counts(LayerCounts& into, const LayerCounts& c) {
  into.macs += c.macs;
  into.array_reads += c.array_reads;
  into.dac_activations += c.dac_activations;
  into.cell_reads += c.cell_reads;
  into.adc_conversions += c.adc_conversions;
  into.adder_tree_adds += c.adder_tree_adds;
  into.shift_adds += c.shift_adds;
  into.psum_adds += c.psum_adds;
  into.output_ops += c.output_ops;
  into.input_bytes += c.input_bytes;
  into.output_bytes += c.output_bytes;
  into.tile_input_bytes += c.tile_input_bytes;
  into.noc_bytes += c.noc_bytes;
  into.weight_cells += c.weight_cells;
  into.weight_bytes += c.weight_bytes;
  into.cycles += c.cycles;
}

namespace detail {

PassStatus run_count(Plan& plan, const CompileContext&) {
  Schedule& s = plan.schedule;
  s.pipeline_cycles = 0;
  s.latency_cycles = 0;
  s.macros_used = 0;
  for (LayerPlan& l : plan.layers) {
    l.counts = layer_counts(l, plan.chip);
    s.pipeline_cycles = std::max(s.pipeline_cycles, l.counts.cycles);
    s.latency_cycles += l.counts.cycles;
  }
  // A pipeline beat is also bounded by the busiest array: arrays shared by several layers (packed) serve them in
  // turn. Each block's work is its share of positions x slices x reads.
  std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> busy;
  for (const LayerPlan& l : plan.layers)
    for (const Block& b : l.blocks)
      for (const Placement& p : b.replicas)
        busy[{p.round, p.tile, p.macro}] += ceil_div(l.matrix.positions, l.replication) * l.encoding.input_slices *
                                            block_read_cycles(b, plan.chip);
  if (s.mode == "pipelined")
    for (const auto& [key, cycles] : busy) s.pipeline_cycles = std::max(s.pipeline_cycles, cycles);
  std::map<int64_t, int64_t> arrays_per_round;
  for (const auto& [key, cycles] : busy) ++arrays_per_round[std::get<0>(key)];
  for (Round& r : s.rounds) r.weight_bytes = 0;
  for (const LayerPlan& l : plan.layers)
    for (const Block& b : l.blocks)
      for (const Placement& p : b.replicas)
        s.rounds.at(static_cast<size_t>(p.round)).weight_bytes += ceil_div(b.weight_cells() * l.encoding.bits_per_cell, 8);
  for (size_t i = 0; i < s.rounds.size(); ++i) {
    s.rounds[i].macros_used = arrays_per_round[static_cast<int64_t>(i)];
    s.macros_used = std::max(s.macros_used, s.rounds[i].macros_used);
  }
  if (s.mode != "pipelined") s.pipeline_cycles = s.latency_cycles;  // rounds run one after another
  return PassOk{};
}

std::string print_count(const Plan& plan) {
  std::string out = "== count: actions per batch of " + std::to_string(plan.batch) + "\n";
  out += fmt::format("  {:>3} {:<26} {:>5} {:>7} {:>12} {:>12} {:>12} {:>12} {:>10} {:>12}\n", "#", "layer", "copies",
                     "arrays", "macs", "array_reads", "adc_conv", "psum_adds", "util%", "cycles");
  LayerCounts total;
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    const LayerCounts& c = l.counts;
    out += fmt::format("  {:>3} {:<26} {:>5} {:>7} {:>12} {:>12} {:>12} {:>12} {:>10.1f} {:>12}\n", i,
                       l.name.size() > 26 ? "..." + l.name.substr(l.name.size() - 23) : l.name, l.replication,
                       l.macros(), c.macs, c.array_reads, c.adc_conversions, c.psum_adds, 100.0 * l.utilization,
                       c.cycles);
    add_counts(total, l.counts);
  }
  out += fmt::format("  total: macs {} array_reads {} dac {} adc {} adder_tree {} shift_adds {} psum_adds {} "
                     "noc_bytes {} weight_bytes {}\n",
                     total.macs, total.array_reads, total.dac_activations, total.adc_conversions,
                     total.adder_tree_adds, total.shift_adds, total.psum_adds, total.noc_bytes, total.weight_bytes);
  const Schedule& s = plan.schedule;
  out += fmt::format("  schedule: {}, {} of {} arrays used, {} round(s), reload {} bytes, stage {} cycles, "
                     "latency {} cycles\n",
                     s.mode, s.macros_used, s.macros_available, s.rounds.size(), s.reload_bytes, s.pipeline_cycles,
                     s.latency_cycles);
  return out;
}

}  // namespace detail
}  // namespace ohmic::compile
