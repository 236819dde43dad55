#include "ohmic/cost/plan_mapping.h"

#include <algorithm>

#include <fmt/format.h>

#include "ohmic/compile/counting.h"
#include "ohmic/core/error.h"
#include "ohmic/cost/macro_model.h"

namespace ohmic::cost {
namespace {

// Activation traffic of one layer, as simple_mapping counts it: the store is read and written, and spills to
// DRAM when input + output do not fit it.
void store_traffic(double in_bits, double out_bits, const ChipResources& res, LayerActions& a) {
  a.global_buffer_read_bits += in_bits;
  a.global_buffer_write_bits += out_bits;
  if ((in_bits + out_bits) / 8 > res.store_bytes) {
    a.dram_read_bits += in_bits;
    a.dram_write_bits += out_bits;
  }
}

LayerActions cim_actions(const compile::Plan& plan, const compile::LayerPlan& l, const arch::ChipSpec& chip,
                         const ChipResources& res) {
  const double per_sample = 1.0 / static_cast<double>(plan.batch);
  const compile::LayerCounts& c = l.counts;
  LayerActions a;
  a.name = l.name;
  a.kind = l.matrix.kind;
  a.macs = static_cast<double>(c.macs) * per_sample;
  OperatingPoint p;
  p.input_bits = std::clamp(l.encoding.input_bits, chip.macro.input_bits->min, chip.macro.input_bits->max);
  p.weight_bits = std::clamp(l.encoding.weight_bits, chip.macro.weight_bits->min, chip.macro.weight_bits->max);
  a.point = resolve_point(chip, p);
  a.macros_used = compile::layer_arrays(l);
  a.weights_resident = plan.schedule.mode == "pipelined";
  a.array_reads = static_cast<double>(c.array_reads) * per_sample;
  a.dac_conversions = static_cast<double>(c.dac_activations) * per_sample;
  a.cell_reads = static_cast<double>(c.cell_reads) * per_sample;
  a.adc_conversions = static_cast<double>(c.adc_conversions) * per_sample;
  a.column_ops = static_cast<double>(c.shift_adds) * per_sample;  // one shift-and-add per column result
  a.weight_combines = 0;  // a weight's planes are combined by those shift-adds (the plan gives each plane a column)
  a.partial_sum_adds = static_cast<double>(c.psum_adds) * per_sample;
  a.serial_slices = static_cast<double>(compile::layer_serial_reads(l)) * per_sample;
  if (!a.weights_resident) {
    a.weight_bits_loaded = static_cast<double>(c.weight_bytes) * 8;  // per batch, in the cells' format
    a.cells_written = static_cast<double>(c.weight_cells);
    a.rows_written_serial = static_cast<double>(compile::layer_serial_row_writes(l));
  }
  const double in_bits = static_cast<double>(c.input_bytes) * 8 * per_sample;
  const double out_bits = static_cast<double>(c.output_bytes) * 8 * per_sample;
  const double feed_bits = static_cast<double>(c.tile_input_bytes) * 8 * per_sample;
  if (res.tile_buffer_bytes > 0) {
    a.tile_buffer_read_bits += feed_bits;
    a.tile_buffer_write_bits += feed_bits;
  } else {
    a.global_buffer_read_bits += feed_bits;
  }
  store_traffic(in_bits, out_bits, res, a);
  a.noc_bits += static_cast<double>(c.noc_bytes) * 8 * per_sample;
  a.digital_ops += static_cast<double>(c.output_ops) * per_sample;
  return a;
}

LayerActions fallback_actions(const compile::Plan& plan, const compile::NodeDecision& d, const ChipResources& res) {
  const double per_sample = 1.0 / static_cast<double>(plan.batch);
  LayerActions a;
  a.name = d.name;
  a.kind = d.op_kind;
  const double ops = static_cast<double>(std::max<int64_t>(0, d.ops)) * per_sample;
  if (d.target == compile::Target::kHost) {
    a.host_ops = ops;
  } else if (d.op_kind == "matmul" || d.op_kind == "conv") {
    a.digital_macs = ops / 2;
    a.digital_mac_bits = res.digital_lane_bits;
  } else {
    a.digital_ops = ops;
  }
  // Bytes the op reads and writes, split evenly between reading and writing the store.
  const double bits = static_cast<double>(d.bytes) * 8 * per_sample;
  store_traffic(bits / 2, bits / 2, res, a);
  if (res.digital_on_host) {
    a.host_ops += a.digital_ops + 2 * a.digital_macs;
    a.digital_ops = 0;
    a.digital_macs = 0;
  }
  return a;
}

}  // namespace

MappingSummary plan_mapping(const compile::Plan& plan, const arch::ChipSpec& chip, const ChipResources& res) {
  if (plan.chip.id != chip.id)
    fail("cost/plan_mapping", fmt::format("the plan was made for chip '{}', not '{}'", plan.chip.id, chip.id),
         "compile the model for this chip");
  MappingSummary s;
  s.batch = plan.batch;
  s.macros_available = plan.schedule.macros_available;
  s.macros_needed = plan.schedule.macros_needed;
  s.all_weights_resident = plan.schedule.mode == "pipelined";
  for (const compile::NodeDecision& d : plan.nodes) {
    if (d.target == compile::Target::kLayout) continue;
    if (d.target == compile::Target::kCim) {
      const compile::LayerPlan& l = plan.layers.at(static_cast<size_t>(d.layer));
      s.layers.push_back(cim_actions(plan, l, chip, res));
      s.weight_bits_total += static_cast<double>(l.matrix.groups * l.matrix.rows * l.matrix.cols) *
                             l.encoding.weight_bits;
    } else {
      s.layers.push_back(fallback_actions(plan, d, res));
    }
  }
  s.assumptions = res.assumptions;
  for (const std::string& n : plan.notes) s.assumptions.push_back("compile: " + n);
  return s;
}

}  // namespace ohmic::cost
