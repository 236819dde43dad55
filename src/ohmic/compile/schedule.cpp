// Pass 5: the schedule. When one replica of every block fits the chip's macros, the plan is a layer pipeline with
// all weights resident. Otherwise blocks are packed, in layer order, into rounds of at most macro_count blocks; each
// round's weights are loaded from DRAM before it runs (counted as reload bytes per batch). Without DRAM (or with
// reloads disabled) the mapping is infeasible and the failure says by how much.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

PassStatus run_schedule(Plan& plan, const CompileContext& ctx) {
  const ArrayGeometry a = array_geometry(ctx.chip);
  Schedule& s = plan.schedule;
  s = Schedule{};
  s.macros_available = a.macros;
  int64_t weight_bytes = 0;
  for (const LayerPlan& l : plan.layers) {
    s.macros_needed += static_cast<int64_t>(l.blocks.size());
    for (const Block& b : l.blocks) weight_bytes += ceil_div(b.weight_cells() * l.encoding.bits_per_cell, 8);
  }
  if (s.macros_needed <= a.macros) {
    s.mode = "pipelined";
    Round r;
    for (size_t i = 0; i < plan.layers.size(); ++i) {
      r.layers.push_back(static_cast<int>(i));
      for (Block& b : plan.layers[i].blocks) b.replicas = {Placement{}};
    }
    r.macros_used = s.macros_needed;
    r.weight_bytes = weight_bytes;
    s.rounds = {r};
    return PassOk{};
  }
  const std::string shortfall = fmt::format("the model needs {} arrays of {}x{} for one copy of its weights "
                                            "({} bytes), the chip has {} ({} tiles x {} macros)",
                                            s.macros_needed, a.rows, a.cols, weight_bytes, a.macros,
                                            *ctx.chip.tiles.count, *ctx.chip.tiles.macros_per_tile);
  if (!ctx.options.allow_reload)
    return PassStatus::failure(shortfall + "; weight reloads are disabled (allow them to schedule sequentially)");
  if (!ctx.chip.dram.present())
    return PassStatus::failure(shortfall + ", and no DRAM to reload weights from (a chip with dram: could run it "
                                           "sequentially)");
  if (ctx.chip.dram.capacity_bytes.has_value() && weight_bytes > *ctx.chip.dram.capacity_bytes)
    return PassStatus::failure(fmt::format("{}; its DRAM ({} bytes) cannot hold the weights either", shortfall,
                                           *ctx.chip.dram.capacity_bytes));
  s.mode = "sequential";
  Round cur;
  int64_t round = 0;
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    LayerPlan& l = plan.layers[i];
    for (Block& b : l.blocks) {
      if (cur.macros_used == a.macros) {
        s.rounds.push_back(cur);
        cur = Round{};
        ++round;
      }
      if (cur.layers.empty() || cur.layers.back() != static_cast<int>(i)) cur.layers.push_back(static_cast<int>(i));
      ++cur.macros_used;
      cur.weight_bytes += ceil_div(b.weight_cells() * l.encoding.bits_per_cell, 8);
      b.replicas = {Placement{0, 0, round}};
    }
  }
  s.rounds.push_back(cur);
  for (const Round& r : s.rounds) s.reload_bytes += r.weight_bytes;
  if (arch::is_resistive(ctx.chip.route))
    plan.notes.push_back(fmt::format("route {} keeps weights in non-volatile cells: each of the {} rounds reprograms "
                                     "them (slow writes that wear the cells)",
                                     arch::route_name(ctx.chip.route), s.rounds.size()));
  return PassOk{};
}

std::string print_schedule(const Plan& plan) {
  const Schedule& s = plan.schedule;
  std::string out = fmt::format("== schedule: {} — {} arrays needed for one copy, {} available, {} round(s)\n", s.mode,
                                s.macros_needed, s.macros_available, s.rounds.size());
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
