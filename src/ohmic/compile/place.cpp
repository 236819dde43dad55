// Pass 7: placement. Within each round, arrays are handed out in layer order, replica by replica, block by block,
// filling one tile's macros before the next, so one copy of a layer occupies consecutive macros and as few tiles as
// its size allows (partial sums and inputs then cross few tile boundaries).
#include <fmt/format.h>

#include <map>
#include <set>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

PassStatus run_place(Plan& plan, const CompileContext& ctx) {
  const int64_t per_tile = *ctx.chip.tiles.macros_per_tile;
  std::map<int64_t, int64_t> next_macro;  // round -> next free array index
  for (LayerPlan& l : plan.layers)
    for (int64_t r = 0; r < l.replication; ++r)
      for (Block& b : l.blocks) {
        Placement& p = b.replicas.at(static_cast<size_t>(r));
        const int64_t m = next_macro[p.round]++;
        if (m >= plan.schedule.macros_available)
          return PassStatus::failure(fmt::format("placement: round {} needs more than the {} arrays available",
                                                 p.round, plan.schedule.macros_available));
        p.tile = m / per_tile;
        p.macro = m % per_tile;
      }
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
    out += fmt::format("  layer {:>3} {:<28} {} arrays on {} tile(s) [{}]{}\n", i, "'" + l.name + "'", l.macros(),
                       tiles.size(), first,
                       rounds.size() > 1 || (!rounds.empty() && *rounds.begin() > 0)
                           ? fmt::format(" rounds {}..{}", *rounds.begin(), *rounds.rbegin())
                           : "");
  }
  return out;
}

}  // namespace ohmic::compile::detail
