// Pass 4: partition each weight matrix into array blocks. A block spans at most `rows` weight rows and as many weight
// columns as fit the array's columns (planes columns per weight, one column reserved for an offset reference). When
// rows_active < rows a block is read in row phases, and when cols_active < cols in column phases; the partial
// results of row phases and row blocks are added digitally after readout (ADC or adder tree) at accumulator width.
// Grouped and depthwise convolutions pack several whole groups along an array's diagonal (off-diagonal cells hold
// the code of weight 0), so a 3x3 depthwise layer does not waste an array per channel.
#include <fmt/format.h>

#include <algorithm>

#include "ohmic/compile/passes.h"

namespace ohmic::compile::detail {

ArrayGeometry array_geometry(const arch::ChipSpec& chip) {
  ArrayGeometry a;
  a.rows = *chip.macro.rows;
  a.cols = *chip.macro.cols;
  a.rows_active = chip.macro.rows_active.value_or(a.rows);
  a.cols_active = chip.macro.cols_active.value_or(a.cols);
  a.macros = chip.macro_count();
  return a;
}

namespace {

Block make_block(int64_t g0, int64_t gc, int64_t r0, int64_t rc, int64_t c0, int64_t cc, int64_t planes,
                 int64_t reserved, const ArrayGeometry& a) {
  Block b;
  b.group_begin = g0;
  b.group_count = gc;
  b.row_begin = r0;
  b.row_count = rc;
  b.col_begin = c0;
  b.col_count = cc;
  b.rows_used = gc * rc;
  b.cols_used = gc * cc * planes + reserved;
  b.row_phases = ceil_div(b.rows_used, a.rows_active);
  b.col_phases = ceil_div(b.cols_used, a.cols_active);
  return b;
}

}  // namespace

PassStatus run_partition(Plan& plan, const CompileContext& ctx) {
  const ArrayGeometry a = array_geometry(ctx.chip);
  for (LayerPlan& layer : plan.layers) {
    const MatrixForm& m = layer.matrix;
    const int64_t planes = static_cast<int64_t>(layer.encoding.planes.size());
    const int64_t reserved = layer.encoding.reference_column ? 1 : 0;
    const int64_t weights_per_block_row = (a.cols - reserved) / planes;
    if (weights_per_block_row < 1)
      return PassStatus::failure(fmt::format(
          "layer '{}': one {}-bit weight needs {} columns ({} scheme, {} bit/cell){}, the array has {} columns",
          layer.name, layer.encoding.weight_bits, planes, layer.encoding.signed_scheme, layer.encoding.bits_per_cell,
          reserved ? " plus a reference column" : "", a.cols));
    layer.blocks.clear();
    const int64_t pack = groups_per_block(m, a.rows, a.cols, planes, reserved, ctx.options.pack_groups);
    if (pack > 1) {
      for (int64_t g0 = 0; g0 < m.groups; g0 += pack)
        layer.blocks.push_back(make_block(g0, std::min(pack, m.groups - g0), 0, m.rows, 0, m.cols, planes, reserved, a));
      layer.row_blocks = 1;
      layer.col_blocks = 1;
    } else {
      layer.row_blocks = ceil_div(m.rows, a.rows);
      layer.col_blocks = ceil_div(m.cols, weights_per_block_row);
      for (int64_t g = 0; g < m.groups; ++g)
        for (int64_t cb = 0; cb < layer.col_blocks; ++cb)
          for (int64_t rb = 0; rb < layer.row_blocks; ++rb) {
            const int64_t r0 = rb * a.rows, c0 = cb * weights_per_block_row;
            layer.blocks.push_back(make_block(g, 1, r0, std::min(a.rows, m.rows - r0), c0,
                                              std::min(weights_per_block_row, m.cols - c0), planes, reserved, a));
          }
    }
    layer.replication = 1;
    int64_t useful = 0;
    for (const Block& b : layer.blocks) useful += b.group_count * b.row_count * b.col_count * planes;
    layer.utilization = static_cast<double>(useful) / static_cast<double>(layer.blocks.size() * a.rows * a.cols);
  }
  return PassOk{};
}

std::string print_partition(const Plan& plan) {
  std::string out = "== partition: array blocks per layer (rows x cols used of the array)\n";
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    out += fmt::format("  layer {:>3} {:<28} {} blocks ({} row x {} col blocks per group{}), utilization {:.1f}%\n", i,
                       "'" + l.name + "'", l.blocks.size(), l.row_blocks, l.col_blocks,
                       l.blocks.empty() || l.blocks[0].group_count == 1
                           ? std::string()
                           : fmt::format(", {} groups packed per block", l.blocks[0].group_count),
                       100.0 * l.utilization);
    const size_t shown = std::min<size_t>(l.blocks.size(), 8);
    for (size_t b = 0; b < shown; ++b) {
      const Block& k = l.blocks[b];
      out += fmt::format("      block {:>3}: groups {}+{} rows {}+{} cols {}+{} -> {} x {} cells, {} row x {} col phases\n",
                         b, k.group_begin, k.group_count, k.row_begin, k.row_count, k.col_begin, k.col_count,
                         k.rows_used, k.cols_used, k.row_phases, k.col_phases);
    }
    if (shown < l.blocks.size()) out += fmt::format("      ... {} more blocks\n", l.blocks.size() - shown);
  }
  return out;
}

}  // namespace ohmic::compile::detail
