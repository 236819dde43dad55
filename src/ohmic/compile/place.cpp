// Pass 7: placement. Within each round, arrays are handed out in layer order, replica by replica, block by block,
// filling one tile's macros before the next, so one copy of a layer occupies consecutive macros and as few tiles as
// its size allows (partial sums and inputs then cross few tile boundaries). The assignment itself is
// assign_arrays (pack.cpp), shared with the schedule and replicate passes.
#include <fmt/format.h>

#include <map>
#include <set>

#include "ohmic/compile/counting.h"
#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

PassStatus run_place(Plan& plan, const CompileContext& ctx) {
  const Schedule& s = plan.schedule;
  const int64_t got = assign_arrays(plan, array_geometry(ctx.chip), *ctx.chip.tiles.macros_per_tile, s.packed,
                                    s.mode == "sequential");
  if (got < 0 || (s.mode == "sequential" && got != static_cast<int64_t>(s.rounds.size())))
    return PassStatus::failure("placement disagrees with the schedule (internal error)");
  return PassOk{};
}

std::string print_place(const Plan& plan) {
  std::string out = "== place: tiles and macros of each layer (tile.macro, per round)\n";
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    std::set<int64_t> tiles, rounds;
    for (const Block& b : l.blocks)
      for (const Placement& p : b.replicas) {
        tiles.insert(p.tile);
        rounds.insert(p.round);
      }
    std::string first;
    if (!l.blocks.empty() && !l.blocks[0].replicas.empty()) {
      const Placement& p = l.blocks[0].replicas[0];
      const Placement& q = l.blocks.back().replicas.back();
      first = fmt::format("{}.{} .. {}.{}", p.tile, p.macro, q.tile, q.macro);
    }
    out += fmt::format("  layer {:>3} {:<28} {} blocks on {} arrays on {} tile(s) [{}]{}\n", i, "'" + l.name + "'",
                       l.macros(), layer_arrays(l),
                       tiles.size(), first,
                       rounds.size() > 1 || (!rounds.empty() && *rounds.begin() > 0)
                           ? fmt::format(" rounds {}..{}", *rounds.begin(), *rounds.rbegin())
                           : "");
  }
  return out;
}

}  // namespace ohmic::compile::detail
