// Pass 5: the schedule. When one replica of every block fits the chip's macros, the plan is a layer pipeline with
// all weights resident. Otherwise blocks are packed, in layer order, into rounds of at most macro_count blocks; each
// round's weights are loaded from DRAM before it runs (counted as reload bytes per batch). Without DRAM (or with
// reloads disabled) the mapping is infeasible and the failure says by how much.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

namespace {

// Rounds as the placements say: arrays used, bytes loaded and layers present in each.
std::vector<Round> rounds_of(const Plan& plan, int64_t count) {
  std::vector<Round> rounds(static_cast<size_t>(count));
  std::vector<std::set<std::pair<int64_t, int64_t>>> arrays(static_cast<size_t>(count));
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    for (const Block& b : l.blocks)
      for (const Placement& p : b.replicas) {
        Round& r = rounds[static_cast<size_t>(p.round)];
        arrays[static_cast<size_t>(p.round)].insert({p.tile, p.macro});
        r.weight_bytes += ceil_div(b.weight_cells() * l.encoding.bits_per_cell, 8);
        if (r.layers.empty() || r.layers.back() != static_cast<int>(i)) r.layers.push_back(static_cast<int>(i));
      }
  }
  for (size_t i = 0; i < rounds.size(); ++i) rounds[i].macros_used = static_cast<int64_t>(arrays[i].size());
  return rounds;
}

}  // namespace

PassStatus run_schedule(Plan& plan, const CompileContext& ctx) {
  const ArrayGeometry a = array_geometry(ctx.chip);
  const int64_t per_tile = *ctx.chip.tiles.macros_per_tile;
  Schedule& s = plan.schedule;
  s = Schedule{};
  s.macros_available = a.macros;
  int64_t weight_bytes = 0;
  for (const LayerPlan& l : plan.layers) {
    s.macros_needed += static_cast<int64_t>(l.blocks.size());
    for (const Block& b : l.blocks) weight_bytes += ceil_div(b.weight_cells() * l.encoding.bits_per_cell, 8);
  }
  s.mode = "pipelined";
  if (assign_arrays(plan, a, per_tile, false, false) >= 0) {
    s.rounds = rounds_of(plan, 1);
    return PassOk{};
  }
  s.packed = true;
  if (assign_arrays(plan, a, per_tile, true, false) >= 0) {
    s.rounds = rounds_of(plan, 1);
    plan.notes.push_back(fmt::format("one block per array needs {} arrays, the chip has {}: small blocks share "
                                     "arrays and are read one after another", s.macros_needed, a.macros));
    return PassOk{};
  }
  ArrayGeometry unbounded = a;
  unbounded.macros = int64_t{1} << 40;
  const int64_t packed_need = assign_arrays(plan, unbounded, per_tile, true, false);
  const std::string shortfall = fmt::format("the model needs {} arrays of {}x{} for one copy of its weights "
                                            "({} bytes; {} with small blocks sharing arrays), the chip has {} "
                                            "({} tiles x {} macros)",
                                            s.macros_needed, a.rows, a.cols, weight_bytes, packed_need, a.macros,
                                            *ctx.chip.tiles.count, per_tile);
  if (!ctx.options.allow_reload)
    return PassStatus::failure(shortfall + "; weight reloads are disabled (allow them to schedule sequentially)");
  if (!ctx.chip.dram.present())
    return PassStatus::failure(shortfall + ", and no DRAM to reload weights from (a chip with dram: could run it "
                                           "sequentially)");
  if (ctx.chip.dram.capacity_bytes.has_value() && weight_bytes > *ctx.chip.dram.capacity_bytes)
    return PassStatus::failure(fmt::format("{}; its DRAM ({} bytes) cannot hold the weights either", shortfall,
                                           *ctx.chip.dram.capacity_bytes));
  s.mode = "sequential";
  s.rounds = rounds_of(plan, assign_arrays(plan, a, per_tile, true, true));
  for (const Round& r : s.rounds) s.reload_bytes += r.weight_bytes;
  if (arch::is_resistive(ctx.chip.route))
    plan.notes.push_back(fmt::format("route {} keeps weights in non-volatile cells: each of the {} rounds reprograms "
                                     "them (slow writes that wear the cells)",
                                     arch::route_name(ctx.chip.route), s.rounds.size()));
  return PassOk{};
}

std::string print_schedule(const Plan& plan) {
  const Schedule& s = plan.schedule;
  std::string out = fmt::format("== schedule: {}{} — {} arrays needed for one copy (one block each), {} available, "
                                "{} round(s)\n",
                                s.mode, s.packed ? ", packed" : "", s.macros_needed, s.macros_available,
                                s.rounds.size());
  const size_t shown = std::min<size_t>(s.rounds.size(), 16);
  for (size_t i = 0; i < shown; ++i) {
    const Round& r = s.rounds[i];
    const std::string layers = fmt::format("{}", fmt::join(r.layers, ","));
    out += fmt::format("  round {:>3}: {} arrays, {} weight bytes, layers {}\n", i, r.macros_used, r.weight_bytes,
                       layers);
  }
  if (shown < s.rounds.size()) out += fmt::format("  ... {} more rounds\n", s.rounds.size() - shown);
  if (s.mode == "sequential") out += fmt::format("  weight bytes reloaded from DRAM per batch: {}\n", s.reload_bytes);
  return out;
}

}  // namespace ohmic::compile::detail
