#include "ohmic/cost/simple_mapping.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ohmic/core/error.h"

namespace ohmic::cost {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

struct Blocks {
  int64_t macros = 0;           // for one repeat
  int64_t row_groups_sum = 0;   // Σ over row blocks of ceil(rows_in_block / rows_active), per group
  int64_t max_row_groups = 0;   // row groups of the tallest block (serial reads per input slice)
  int64_t col_blocks = 0;       // column blocks per group
  int64_t row_blocks = 0;
  int64_t concurrent_groups = 0;// groups packed into one macro
};

Blocks block_layer(const Layer& l, int64_t rows, int64_t rows_active, int64_t weights_per_row) {
  Blocks b;
  if (l.k <= rows && l.n <= weights_per_row && l.groups > 1) {
    // Block-diagonal packing: `pack` groups share a macro and are read together (all their rows driven), so every
    // read converts every packed group's columns.
    const int64_t pack = std::min(l.groups, std::max<int64_t>(1, std::min(rows / l.k, weights_per_row / l.n)));
    b.macros = ceil_div(l.groups, pack);
    b.concurrent_groups = pack;
    b.row_blocks = b.col_blocks = 1;
    b.row_groups_sum = b.max_row_groups = ceil_div(pack * l.k, rows_active);
    return b;
  }
  b.row_blocks = ceil_div(l.k, rows);
  b.col_blocks = ceil_div(l.n, weights_per_row);
  b.macros = l.groups * b.row_blocks * b.col_blocks;
  b.concurrent_groups = 1;
  const int64_t last_rows = l.k - (b.row_blocks - 1) * rows;
  b.row_groups_sum = (b.row_blocks - 1) * ceil_div(rows, rows_active) + ceil_div(last_rows, rows_active);
  b.max_row_groups = ceil_div(std::min(l.k, rows), rows_active);
  return b;
}

OperatingPoint clamp_point(const arch::ChipSpec& chip, const Layer& l) {
  OperatingPoint p;
  p.input_bits = std::clamp(l.input_bits, chip.macro.input_bits->min, chip.macro.input_bits->max);
  p.weight_bits = std::clamp(l.weight_bits, chip.macro.weight_bits->min, chip.macro.weight_bits->max);
  return resolve_point(chip, p);
}

void map_data_movement(const Layer& l, const ChipResources& res, int64_t col_blocks, LayerActions& a) {
  const double in_bits = static_cast<double>(l.input_elements) * l.input_bits;
  const double out_bits = static_cast<double>(l.output_elements) * l.output_bits;
  a.global_buffer_read_bits += in_bits;
  a.global_buffer_write_bits += out_bits;
  if ((in_bits + out_bits) / 8 > res.store_bytes) {  // does not fit: spill through DRAM
    a.dram_read_bits += in_bits;
    a.dram_write_bits += out_bits;
  }
  a.noc_bits += in_bits * static_cast<double>(col_blocks) + out_bits;
  a.dram_read_bits += l.dram_read_bits;
  a.dram_write_bits += l.dram_write_bits;
}

LayerActions map_cim_layer(const Layer& l, const arch::ChipSpec& chip, const ChipResources& res) {
  LayerActions a;
  a.point = clamp_point(chip, l);
  const auto& m = chip.macro;
  const int64_t rows = *m.rows, rows_active = *m.rows_active;
  const int64_t cpw = chip.cells_per_weight(l.weight_bits);
  const int64_t weights_per_row = chip.weights_per_macro(l.weight_bits) / rows;
  if (weights_per_row < 1)
    fail("cost/mapping: layer '" + l.name + "'",
         fmt::format("a {}-bit weight needs {} cells but a macro row has {} columns", l.weight_bits, cpw, *m.cols),
         "use fewer weight bits for this chip");
  int64_t input_cycles = chip.input_cycles(l.input_bits);
  if (m.input.encoding.value() == arch::InputEncoding::kPulseWidth)
    input_cycles = ceil_div(l.input_bits, m.input_bits->max);  // pulse-width passes beyond the native precision
  const Blocks b = block_layer(l, rows, rows_active, weights_per_row);
  const double vec = static_cast<double>(l.vectors) * static_cast<double>(l.groups);  // MVMs per sample
  const double cyc = static_cast<double>(input_cycles);
  const double n_cells = static_cast<double>(l.n * cpw);

  a.macros_used = b.macros;
  a.array_reads = vec * cyc * static_cast<double>(b.row_groups_sum * b.col_blocks);
  a.dac_conversions = vec * cyc * static_cast<double>(l.k * b.col_blocks);
  a.cell_reads = vec * cyc * static_cast<double>(l.k) * n_cells;
  // Analog: one conversion (and one shift-and-add) per column, or per weight when the ADC combines a weight's
  // columns; digital: one adder-tree output per column.
  const bool analog = arch::is_analog(chip.route);
  const bool combined = analog && adc_combines_weight(chip, l.weight_bits);
  const double converted = combined ? static_cast<double>(l.n) : n_cells;
  a.column_ops = vec * cyc * static_cast<double>(b.row_groups_sum) * (analog ? converted : n_cells);
  a.adc_conversions = analog ? a.column_ops : 0;
  a.weight_combines = combined ? 0 : vec * static_cast<double>(l.n * b.row_blocks);
  a.partial_sum_adds = vec * static_cast<double>((b.row_blocks - 1) * l.n);
  // All blocks of a resident layer work in parallel; a vector's slices and row groups run in sequence.
  a.serial_slices = static_cast<double>(l.vectors) * cyc * static_cast<double>(b.max_row_groups);

  // Tile feed (im2col): every column block needs the K inputs of each MVM. With tile buffers, each tile reads its
  // own copy (delivered once per input element); without, the store is read once per MVM and broadcast.
  const double feed_bits = vec * static_cast<double>(l.k) * l.input_bits;
  if (res.tile_buffer_bytes > 0) {
    a.tile_buffer_read_bits += feed_bits * static_cast<double>(b.col_blocks);
    a.tile_buffer_write_bits += static_cast<double>(l.input_elements) * l.input_bits * static_cast<double>(b.col_blocks);
  } else {
    a.global_buffer_read_bits += feed_bits;
    a.noc_bits += feed_bits * static_cast<double>(b.col_blocks);
  }
  map_data_movement(l, res, b.col_blocks, a);
  const int acc_bits = m.accumulator_bits.value_or(24);
  a.noc_bits += static_cast<double>(a.partial_sum_adds) * acc_bits;
  a.digital_ops += static_cast<double>(l.output_elements);
  return a;
}

}  // namespace

MappingSummary simple_mapping(const Workload& workload, const arch::ChipSpec& chip, const ChipResources& res,
                              int64_t batch) {
  if (!chip.is_cim())
    fail("cost/mapping", "chip '" + chip.id + "' is not a CIM chip", "use the baseline estimate for von Neumann chips");
  if (batch < 1) fail("cost/mapping", fmt::format("batch must be >= 1, got {}", batch));
  MappingSummary s;
  s.batch = batch;
  s.macros_available = chip.macro_count();
  int64_t macros_left = s.macros_available;
  for (const Layer& l : workload.layers) {
    LayerActions a;
    if (l.has_static_weights()) {
      a = map_cim_layer(l, chip, res);
      const int64_t needed = a.macros_used * l.repeat;
      s.macros_needed += needed;
      s.weight_bits_total += static_cast<double>(l.weight_count()) * l.weight_bits * static_cast<double>(l.repeat);
      if (needed <= macros_left) {
        macros_left -= needed;
      } else {
        a.weights_resident = false;
        s.all_weights_resident = false;
        const int64_t passes = ceil_div(a.macros_used, s.macros_available);
        a.weight_bits_loaded = static_cast<double>(l.weight_count()) * l.weight_bits;
        a.cells_written = static_cast<double>(l.weight_count()) * static_cast<double>(chip.cells_per_weight(l.weight_bits));
        a.rows_written_serial = static_cast<double>(*chip.macro.rows * passes);
        a.serial_slices *= static_cast<double>(passes);
      }
    } else if (l.kind == LayerKind::kMatmul) {
      a.digital_macs = static_cast<double>(l.macs());
      a.digital_mac_bits = l.input_bits;
      const double operand_bits = static_cast<double>(l.operand_elements) * l.input_bits;
      if (l.operand_from_dram) a.dram_read_bits += operand_bits;
      else a.global_buffer_read_bits += operand_bits;
      Layer rest = l;
      rest.input_elements = l.vectors * l.k * l.groups;  // the first operand; the second is counted above
      map_data_movement(rest, res, 1, a);
    } else {
      a.digital_ops += l.elementwise_ops;
      map_data_movement(l, res, 1, a);
    }
    if (res.digital_on_host) {
      a.host_ops += a.digital_ops + 2 * a.digital_macs;
      a.digital_ops = 0;
      a.digital_macs = 0;
    }
    a.name = l.name;
    a.kind = layer_kind_name(l.kind);
    a.repeat = l.repeat;
    a.macs = static_cast<double>(l.macs());
    s.layers.push_back(std::move(a));
  }
  s.assumptions = res.assumptions;
  return s;
}

}  // namespace ohmic::cost
