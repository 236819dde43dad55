#include "ohmic/compile/verify.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "ohmic/compile/counting.h"
#include "ohmic/compile/graph_facts.h"
#include "ohmic/compile/weights.h"
#include "ohmic/core/error.h"

namespace ohmic::compile {
namespace {

using Problems = std::vector<std::string>;

// Each (group, row, col) covered exactly once: per group, compress the block boundaries and count coverage per cell.
void check_coverage(const LayerPlan& l, const std::string& at, Problems& out) {
  const MatrixForm& m = l.matrix;
  std::map<int64_t, std::vector<const Block*>> by_group;
  for (const Block& b : l.blocks) {
    if (b.group_begin < 0 || b.group_count < 1 || b.group_begin + b.group_count > m.groups || b.row_begin < 0 ||
        b.row_count < 1 || b.row_begin + b.row_count > m.rows || b.col_begin < 0 || b.col_count < 1 ||
        b.col_begin + b.col_count > m.cols) {
      out.push_back(at + fmt::format(": block groups {}+{} rows {}+{} cols {}+{} lies outside the {}x{}x{} matrix",
                                     b.group_begin, b.group_count, b.row_begin, b.row_count, b.col_begin, b.col_count,
                                     m.groups, m.rows, m.cols));
      return;
    }
    for (int64_t g = b.group_begin; g < b.group_begin + b.group_count; ++g) by_group[g].push_back(&b);
  }
  if (static_cast<int64_t>(by_group.size()) != m.groups) {
    out.push_back(at + fmt::format(": {} of {} groups have blocks", by_group.size(), m.groups));
    return;
  }
  for (const auto& [g, blocks] : by_group) {
    std::vector<int64_t> rs{0, m.rows}, cs{0, m.cols};
    for (const Block* b : blocks) {
      rs.push_back(b->row_begin);
      rs.push_back(b->row_begin + b->row_count);
      cs.push_back(b->col_begin);
      cs.push_back(b->col_begin + b->col_count);
    }
    std::sort(rs.begin(), rs.end());
    rs.erase(std::unique(rs.begin(), rs.end()), rs.end());
    std::sort(cs.begin(), cs.end());
    cs.erase(std::unique(cs.begin(), cs.end()), cs.end());
    std::vector<int> cover((rs.size() - 1) * (cs.size() - 1), 0);
    const auto idx = [](const std::vector<int64_t>& v, int64_t x) {
      return static_cast<size_t>(std::lower_bound(v.begin(), v.end(), x) - v.begin());
    };
    for (const Block* b : blocks)
      for (size_t r = idx(rs, b->row_begin); r < idx(rs, b->row_begin + b->row_count); ++r)
        for (size_t c = idx(cs, b->col_begin); c < idx(cs, b->col_begin + b->col_count); ++c)
          ++cover[r * (cs.size() - 1) + c];
    for (size_t i = 0; i < cover.size(); ++i)
      if (cover[i] != 1) {
        const size_t r = i / (cs.size() - 1), c = i % (cs.size() - 1);
        out.push_back(at + fmt::format(": group {} rows {}..{} cols {}..{} are held by {} blocks (must be exactly 1)",
                                       g, rs[r], rs[r + 1], cs[c], cs[c + 1], cover[i]));
        return;
      }
  }
}

void check_encoding(const LayerPlan& l, const std::string& at, Problems& out) {
  const Encoding& e = l.encoding;
  if (e.weight_bits < 2 || e.weight_bits > 31 || e.input_bits < 2 || e.input_bits > 30 || e.bits_per_cell < 1 ||
      e.bits_per_cell > 8) {
    out.push_back(at + fmt::format(": bit widths out of range (weights {}, inputs {}, bits/cell {})", e.weight_bits,
                                   e.input_bits, e.bits_per_cell));
    return;
  }
  const auto scheme = arch::signed_weights_from_name(e.signed_scheme);
  if (!scheme) {
    out.push_back(at + ": unknown signed scheme '" + e.signed_scheme + "'");
    return;
  }
  const WeightCellCode code = weight_cell_code(*scheme, e.weight_bits, e.bits_per_cell, e.pair_in_cell);
  if (code.planes != e.planes || code.slices != e.weight_slices || code.reference_column != e.reference_column ||
      code.offset != e.weight_offset)
    out.push_back(at + fmt::format(": weight planes do not encode {}-bit weights with {} and {} bit/cell",
                                   e.weight_bits, e.signed_scheme, e.bits_per_cell));
  // The planes reach +qmax and -qmax (+ offset for an offset column).
  int64_t hi = 0, lo = 0;
  for (const WeightPlane& p : e.planes) {
    hi += p.sign > 0 ? (int64_t{p.digit_max} << p.shift) : -(int64_t{p.digit_min} << p.shift);
    lo += p.sign > 0 ? (int64_t{p.digit_min} << p.shift) : -(int64_t{p.digit_max} << p.shift);
  }
  const int64_t q = weight_qmax(e.weight_bits);
  const bool unsigned_only = e.signed_scheme == "none";
  if (hi < q + e.weight_offset || (!unsigned_only && lo > -q + e.weight_offset))
    out.push_back(at + fmt::format(": planes cover [{}, {}], weights need [{}, {}]", lo - e.weight_offset,
                                   hi - e.weight_offset, -q, q));
  const InputSliceCode in = input_slice_code(e);
  if (static_cast<int>(in.shifts.size()) != e.input_slices || in.shifts != e.input_slice_shifts)
    out.push_back(at + fmt::format(": {} input slices with shifts that do not match {} bits at {} bit/read",
                                   e.input_slices, e.input_bits, e.dac_bits));
  if (e.input_encoding == "bit_serial" && int64_t{e.input_slices} * e.dac_bits < e.input_bits)
    out.push_back(at + fmt::format(": {} slices of {} bits cannot carry {}-bit inputs", e.input_slices, e.dac_bits,
                                   e.input_bits));
}

void check_shapes(const LayerPlan& l, const std::string& at, Problems& out) {
  const MatrixForm& m = l.matrix;
  if (m.groups < 1 || m.rows < 1 || m.cols < 1 || m.positions < 1) {
    out.push_back(at + ": matrix dims must be positive");
    return;
  }
  if (m.kind != "conv") return;
  const ConvGeometry& c = m.conv;
  if (c.in_c % m.groups != 0 || m.rows != (c.in_c / m.groups) * c.kernel_h * c.kernel_w)
    out.push_back(at + fmt::format(": rows {} != in_c/groups x kernel ({}/{} x {}x{})", m.rows, c.in_c, m.groups,
                                   c.kernel_h, c.kernel_w));
  const auto span = [](int64_t in, int64_t pb, int64_t pe, int64_t k, int64_t s, int64_t d) {
    return (in + pb + pe - d * (k - 1) - 1) / s + 1;
  };
  if (c.stride_h < 1 || c.stride_w < 1 ||
      c.out_h != span(c.in_h, c.pad_top, c.pad_bottom, c.kernel_h, c.stride_h, c.dilation_h) ||
      c.out_w != span(c.in_w, c.pad_left, c.pad_right, c.kernel_w, c.stride_w, c.dilation_w))
    out.push_back(at + ": output size does not follow from input, kernel, stride, padding and dilation");
  if (m.positions != m.batch * c.out_h * c.out_w)
    out.push_back(at + fmt::format(": positions {} != batch {} x {} x {}", m.positions, m.batch, c.out_h, c.out_w));
}

}  // namespace

std::vector<std::string> verify_plan(const Plan& plan) {
  Problems out;
  const ChipFacts& chip = plan.chip;
  const int64_t available = chip.tiles * chip.macros_per_tile;
  struct Rect {
    int64_t y, x, h, w;
  };
  std::map<std::tuple<int64_t, int64_t, int64_t>, std::vector<Rect>> used;  // (round, tile, macro) -> blocks
  int64_t rounds = static_cast<int64_t>(plan.schedule.rounds.size());
  const bool pipelined = plan.schedule.mode == "pipelined";
  if (!pipelined && plan.schedule.mode != "sequential") out.push_back("schedule: unknown mode '" + plan.schedule.mode + "'");
  if (pipelined && rounds != 1) out.push_back("schedule: a pipelined plan has exactly one round");
  for (size_t li = 0; li < plan.layers.size(); ++li) {
    const LayerPlan& l = plan.layers[li];
    const std::string at = fmt::format("layer {} '{}'", li, l.name);
    if (l.node < 0 || static_cast<size_t>(l.node) >= plan.nodes.size() ||
        plan.nodes[static_cast<size_t>(l.node)].layer != static_cast<int>(li) ||
        plan.nodes[static_cast<size_t>(l.node)].target != Target::kCim)
      out.push_back(at + ": its node decision does not point back at it as a CIM layer");
    check_shapes(l, at, out);
    check_encoding(l, at, out);
    check_coverage(l, at, out);
    if (l.replication < 1) out.push_back(at + ": replication < 1");
    if (!pipelined && l.replication != 1) out.push_back(at + ": a sequential plan does not replicate");
    const int64_t planes = static_cast<int64_t>(l.encoding.planes.size());
    for (size_t bi = 0; bi < l.blocks.size(); ++bi) {
      const Block& b = l.blocks[bi];
      const std::string bat = fmt::format("{} block {}", at, bi);
      if (b.rows_used != b.group_count * b.row_count ||
          b.cols_used != b.group_count * b.col_count * planes + (l.encoding.reference_column ? 1 : 0))
        out.push_back(bat + ": rows/cols used do not match its weights and the encoding");
      if (b.rows_used > chip.rows || b.cols_used > chip.cols)
        out.push_back(bat + fmt::format(": uses {}x{} cells of a {}x{} array", b.rows_used, b.cols_used, chip.rows,
                                        chip.cols));
      if (b.row_phases != detail::ceil_div(b.rows_used, chip.rows_active) ||
          b.col_phases != detail::ceil_div(b.cols_used, chip.cols_active))
        out.push_back(bat + ": row/column phases do not follow from the active rows/columns");
      if (static_cast<int64_t>(b.replicas.size()) != l.replication)
        out.push_back(bat + fmt::format(": placed {} times, the layer has {} replicas", b.replicas.size(),
                                        l.replication));
      for (const Placement& p : b.replicas) {
        if (p.tile < 0 || p.tile >= chip.tiles || p.macro < 0 || p.macro >= chip.macros_per_tile || p.round < 0 ||
            p.round >= rounds) {
          out.push_back(bat + fmt::format(": placement tile {} macro {} round {} is outside the chip/schedule", p.tile,
                                          p.macro, p.round));
          continue;
        }
        const Rect me{p.row_offset, p.col_offset, b.rows_used, b.cols_used};
        if (me.y < 0 || me.x < 0 || me.y + me.h > chip.rows || me.x + me.w > chip.cols)
          out.push_back(bat + fmt::format(": at row {} col {} it leaves the {}x{} array", me.y, me.x, chip.rows,
                                          chip.cols));
        std::vector<Rect>& here = used[{p.round, p.tile, p.macro}];
        for (const Rect& o : here)
          if (me.y < o.y + o.h && o.y < me.y + me.h && me.x < o.x + o.w && o.x < me.x + me.w) {
            out.push_back(bat + fmt::format(": overlaps another block in array tile {} macro {} round {}", p.tile,
                                            p.macro, p.round));
            break;
          }
        here.push_back(me);
        if (!plan.schedule.packed && here.size() > 1)
          out.push_back(bat + fmt::format(": shares array tile {} macro {} round {} in an unpacked plan", p.tile,
                                          p.macro, p.round));
      }
    }
    const bool placed = std::all_of(l.blocks.begin(), l.blocks.end(), [&](const Block& b) {
      return static_cast<int64_t>(b.replicas.size()) == l.replication;
    });
    if (placed && !(l.counts == layer_counts(l, chip)))
      out.push_back(at + ": counts differ from a recount of its blocks");
  }
  int64_t per_round_max = 0;
  std::map<int64_t, int64_t> per_round;
  for (const auto& [key, blocks] : used) per_round_max = std::max(per_round_max, ++per_round[std::get<0>(key)]);
  if (per_round_max > available)
    out.push_back(fmt::format("capacity: {} arrays used in one round, the chip has {}", per_round_max, available));
  if (per_round_max != plan.schedule.macros_used)
    out.push_back(fmt::format("schedule: macros_used {} but the placements use {} arrays in the fullest round",
                              plan.schedule.macros_used, per_round_max));
  for (const NodeDecision& d : plan.nodes)
    if ((d.target == Target::kCim) != (d.layer >= 0) ||
        (d.layer >= 0 && (static_cast<size_t>(d.layer) >= plan.layers.size() ||
                          plan.layers[static_cast<size_t>(d.layer)].node != d.node)))
      out.push_back(fmt::format("node {} '{}': target and layer index disagree", d.node, d.name));
  return out;
}

void check_plan(const Plan& plan, const std::string& where) {
  const std::vector<std::string> problems = verify_plan(plan);
  if (problems.empty()) return;
  std::string all;
  for (const std::string& p : problems) all += "\n  " + p;
  fail(where, fmt::format("plan verification failed ({} problems):{}", problems.size(), all),
       "recompile the model; a plan edited by hand must keep these invariants");
}

}  // namespace ohmic::compile
