// Pass 6: replication. In a pipelined plan every layer is a stage; the slowest stage sets the throughput. While the
// spare arrays allow it, the slowest layer gets one more copy of all its blocks (its output positions are split
// between the copies). It stops when the slowest layer cannot be copied again (no room, or no more positions to
// split), since copying any other layer would not raise throughput. Ties go to the earlier layer (deterministic).
// Only plans with one block per array replicate.
#include <fmt/format.h>

#include "ohmic/compile/counting.h"
#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

PassStatus run_replicate(Plan& plan, const CompileContext& ctx) {
  Schedule& s = plan.schedule;
  // Packed plans do not replicate: copies sharing an array would be read one after another and gain nothing.
  if (s.mode != "pipelined" || s.packed || !ctx.options.replicate || plan.layers.empty()) return PassOk{};
  const ArrayGeometry a = array_geometry(ctx.chip);
  const int64_t per_tile = *ctx.chip.tiles.macros_per_tile;
  int64_t used = assign_arrays(plan, a, per_tile, false, false);
  std::vector<int64_t> cycles(plan.layers.size());
  for (size_t i = 0; i < plan.layers.size(); ++i) cycles[i] = layer_cycles(plan.layers[i], plan.chip);
  while (true) {
    size_t slowest = 0;
    for (size_t i = 1; i < cycles.size(); ++i)
      if (cycles[i] > cycles[slowest]) slowest = i;
    LayerPlan& l = plan.layers[slowest];
    // A copy needs one free array per block.
    if (l.replication >= l.matrix.positions || static_cast<int64_t>(l.blocks.size()) > a.macros - used) break;
    ++l.replication;
    const int64_t now = assign_arrays(plan, a, per_tile, false, false);
    if (now < 0) {
      --l.replication;
      break;
    }
    used = now;
    cycles[slowest] = layer_cycles(l, plan.chip);
  }
  assign_arrays(plan, a, per_tile, false, false);
  return PassOk{};
}

std::string print_replicate(const Plan& plan) {
  std::string out = "== replicate: copies per layer, blocks placed, stage cycles (pipelined plans)\n";
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    out += fmt::format("  layer {:>3} {:<28} x{:<4} {} blocks placed, {} cycles per batch\n", i, "'" + l.name + "'",
                       l.replication, l.macros(), layer_cycles(l, plan.chip));
  }
  return out;
}

}  // namespace ohmic::compile::detail
