// Array assignment shared by the schedule, replicate and place passes: which array (and where inside it) holds each
// replica of each block. Next-fit shelf packing keeps one layer's blocks together and runs in one pass: blocks sit
// side by side in the open (lowest) shelf, which grows to the tallest of them; a block that does not fit opens a
// shelf below, or the next array. Blocks sharing an array never overlap, so each is read by driving only its rows
// and converting only its columns.
#include <algorithm>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

int64_t assign_arrays(Plan& plan, const ArrayGeometry& a, int64_t macros_per_tile, bool pack, bool rounds_allowed) {
  int64_t round = 0, macro = 0;
  bool started = false;                           // the current array holds a block
  int64_t shelf_y = 0, shelf_h = 0, shelf_x = 0;  // the open shelf of the current array
  for (LayerPlan& l : plan.layers)
    for (int64_t r = 0; r < l.replication; ++r)
      for (Block& b : l.blocks) {
        if (static_cast<int64_t>(b.replicas.size()) != l.replication)
          b.replicas.assign(static_cast<size_t>(l.replication), Placement{});
        const int64_t h = b.rows_used, w = b.cols_used;
        int64_t x = 0, y = 0;
        if (started && pack && shelf_x + w <= a.cols && shelf_y + std::max(shelf_h, h) <= a.rows) {
          x = shelf_x;  // beside the blocks of the open shelf
          y = shelf_y;
          shelf_h = std::max(shelf_h, h);
          shelf_x += w;
        } else if (started && pack && shelf_y + shelf_h + h <= a.rows) {
          shelf_y += shelf_h;  // a new shelf below
          shelf_h = h;
          shelf_x = w;
          y = shelf_y;
        } else {
          if (started) {
            ++macro;
            if (macro == a.macros) {
              if (!rounds_allowed) return -1;
              ++round;
              macro = 0;
            }
          }
          started = true;
          shelf_y = 0;
          shelf_h = h;
          shelf_x = w;
        }
        Placement& p = b.replicas[static_cast<size_t>(r)];
        p.round = round;
        p.tile = macro / macros_per_tile;
        p.macro = macro % macros_per_tile;
        p.row_offset = y;
        p.col_offset = x;
      }
  if (rounds_allowed) return round + 1;
  return started ? macro + 1 : 0;
}

}  // namespace ohmic::compile::detail
