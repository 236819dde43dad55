// Pass 3: weight and input encoding. Chooses the integer widths of each layer, where the weight scales come from,
// how a signed weight becomes non-negative cell digits (differential pair, offset column, two's complement), how
// many cells of bits_per_cell one weight spans, how inputs are applied (bit-serial DAC slices or one pulse), and
// what ADC / shift-add / accumulator widths an exact result would need next to what the chip has.
// The numbers themselves (integer weights, digit planes) come from weights.h, from this encoding.
#include <fmt/format.h>

#include <algorithm>

#include "ohmic/compile/passes.h"
#include "ohmic/compile/weights.h"

namespace ohmic::compile::detail {
namespace {

int default_bits(int requested, const arch::BitRange& native) {
  if (requested > 0) return requested;
  return std::clamp(8, native.min, native.max);
}

int output_channel_axis(const MatrixForm& m, int weight_rank) {
  if (m.kind == "conv") return 0;
  if (m.kind == "gemm") return m.weight_transposed ? 0 : 1;
  return weight_rank - 1;
}

}  // namespace

int64_t groups_per_block(const MatrixForm& m, int64_t array_rows, int64_t array_cols, int64_t cols_per_weight,
                         int64_t reserved_cols, bool pack) {
  if (!pack || m.groups <= 1 || m.rows > array_rows || m.cols * cols_per_weight > array_cols - reserved_cols) return 1;
  return std::max<int64_t>(1, std::min({m.groups, array_rows / m.rows,
                                        (array_cols - reserved_cols) / (m.cols * cols_per_weight)}));
}

PassStatus run_encode(Plan& plan, const CompileContext& ctx) {
  const arch::ChipSpec& chip = ctx.chip;
  const arch::MacroSpec& mac = chip.macro;
  const std::vector<int> producers = ctx.graph.producers();
  const bool analog = arch::is_analog(chip.route);
  for (LayerPlan& layer : plan.layers) {
    const graph::Node& n = ctx.graph.nodes[static_cast<size_t>(layer.node)];
    const WeightSource w = resolve_weight(ctx.graph, n, producers);
    Encoding& e = layer.encoding;

    // Weight width and scale source.
    int wb = default_bits(ctx.options.weight_bits, *mac.weight_bits);
    if (w.quantized && ctx.options.weight_bits == 0) wb = std::min(w.bits, mac.weight_bits->max);
    if (wb < 2) {
      plan.notes.push_back(fmt::format("layer '{}': {}-bit weights raised to 2 bits (symmetric signed weights need "
                                       "two levels of magnitude and a sign)", layer.name, wb));
      wb = 2;
    }
    e.weight_bits = wb;
    if (!w.quantized) {
      e.scale_source = "per_channel_max_abs";
    } else {
      const int axis = output_channel_axis(layer.matrix, static_cast<int>(ctx.graph.value(w.value).constant->rank()));
      const bool symmetric = std::all_of(w.zero_points.begin(), w.zero_points.end(), [](int64_t z) { return z == 0; });
      const bool axis_ok = w.scales.size() == 1 || w.axis == axis;
      e.scale_source = (wb == w.bits && symmetric && axis_ok) ? "model" : "model_requantized";
      if (e.scale_source == "model_requantized")
        plan.notes.push_back(fmt::format("layer '{}': the model's {}-bit weights were requantized to {} bits "
                                         "(per-channel, symmetric){}", layer.name, w.bits, wb,
                                         symmetric ? "" : "; the model's zero points were not 0"));
    }

    // Input width and sign.
    int ib = default_bits(ctx.options.input_bits, *mac.input_bits);
    if (ib < 2) ib = 2;
    e.input_bits = ib;
    e.input_signed = !value_is_nonnegative(ctx.graph, n.inputs[0], producers, &e.input_signed_reason);

    // Cells.
    e.signed_scheme = arch::signed_weights_name(*mac.signed_weights);
    e.bits_per_cell = *mac.bits_per_cell;
    e.pair_in_cell = *mac.signed_weights == arch::SignedWeights::kDifferentialPair && cell_holds_pair(*mac.cell);
    const WeightCellCode code = weight_cell_code(*mac.signed_weights, wb, e.bits_per_cell, e.pair_in_cell);
    e.weight_slices = code.slices;
    e.planes = code.planes;
    e.reference_column = code.reference_column;
    e.weight_offset = code.offset;

    // Inputs.
    e.input_encoding = arch::input_encoding_name(*mac.input.encoding);
    e.dac_bits = *mac.input.encoding == arch::InputEncoding::kPulseWidth ? ib : *mac.input.dac_bits;
    e.input_slices = static_cast<int>(chip.input_cycles(ib));
    const InputSliceCode in = input_slice_code(e);
    e.input_slice_shifts = in.shifts;
    if (*mac.input.encoding == arch::InputEncoding::kPulseWidth && mac.input.pulse_levels.has_value()) {
      const int64_t needed = e.input_signed ? (int64_t{1} << (ib - 1)) + 1 : (int64_t{1} << ib);
      if (*mac.input.pulse_levels < needed)
        plan.notes.push_back(fmt::format("layer '{}': {}-bit {} inputs need {} pulse levels, the chip has {}",
                                         layer.name, ib, e.input_signed ? "signed" : "unsigned", needed,
                                         *mac.input.pulse_levels));
    }

    // Exact widths.
    const int64_t cols_per_weight = static_cast<int64_t>(e.planes.size());
    const int64_t pack = groups_per_block(layer.matrix, *mac.rows, *mac.cols, cols_per_weight,
                                          e.reference_column ? 1 : 0, ctx.options.pack_groups);
    const int64_t block_rows = std::min(*mac.rows, layer.matrix.rows * pack);
    e.rows_per_read = std::min(*mac.rows_active, block_rows);
    const int64_t x_max = e.input_signed ? (int64_t{1} << (ib - 1)) : (int64_t{1} << ib) - 1;
    const int64_t w_max = e.reference_column ? (int64_t{1} << wb) - 1 : (int64_t{1} << (wb - 1)) - 1;
    // Column sums take both signs when a cell digit can be negative, or one input slice can be negative and
    // positive (a multi-bit signed top slice, a bipolar pulse); a 1-bit sign slice is negated in the shift-add.
    const int top_bits = ib - (e.input_slices - 1) * e.dac_bits;
    const bool mixed_input = e.input_signed && (e.input_encoding == "pulse_width" || top_bits >= 2);
    const bool any_negative_digit =
        mixed_input || std::any_of(e.planes.begin(), e.planes.end(), [](const WeightPlane& p) { return p.digit_min < 0; });
    int64_t cell_max = 0;
    for (const WeightPlane& p : e.planes) cell_max = std::max<int64_t>({cell_max, p.digit_max, -int64_t{p.digit_min}});
    const int64_t in_digit_max = std::max<int64_t>(in.digit_max, -int64_t{in.digit_min});
    e.adc_bits_exact = analog ? bits_for_magnitude(e.rows_per_read * in_digit_max * cell_max, any_negative_digit) : 0;
    e.adc_bits_chip = analog ? mac.adc.bits.value_or(0) : 0;
    e.shift_add_bits_exact = bits_for_magnitude(block_rows * x_max * w_max, true);
    e.shift_add_bits_chip = mac.shift_add_bits.value_or(0);
    e.accumulator_bits_exact = bits_for_magnitude(layer.matrix.rows * x_max * ((int64_t{1} << (wb - 1)) - 1), true);
    e.accumulator_bits_chip = mac.accumulator_bits.value_or(0);
  }
  return PassOk{};
}

std::string print_encode(const Plan& plan) {
  std::string out = "== encode: integer widths, cell slicing, input slices, exact vs chip widths\n";
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerPlan& l = plan.layers[i];
    const Encoding& e = l.encoding;
    std::string planes;
    for (const WeightPlane& p : e.planes)
      planes += fmt::format("{}{}2^{}[{}..{}]", planes.empty() ? "" : " ", p.sign < 0 ? "-" : "+", p.shift,
                            p.digit_min, p.digit_max);
    out += fmt::format("  layer {:>3} {:<28} w{} ({}) x{}{} ({}) | {}{} {} bit/cell: {} cells/weight {{{}}}{}\n", i,
                       "'" + l.name + "'", e.weight_bits, e.scale_source, e.input_signed ? "s" : "u", e.input_bits,
                       e.input_signed_reason, e.signed_scheme, e.pair_in_cell ? " (in one cell)" : "", e.bits_per_cell, e.planes.size(), planes,
                       e.reference_column ? fmt::format(" + reference column (offset {})", e.weight_offset) : "");
    out += fmt::format("      inputs {} {} bit/read: {} slices; rows/read {}; bits exact/chip: adc {}/{}{} "
                       "shift-add {}/{} accumulator {}/{}\n",
                       e.input_encoding, e.dac_bits, e.input_slices, e.rows_per_read, e.adc_bits_exact,
                       e.adc_bits_chip, e.adc_bits_chip > 0 && e.adc_bits_exact > e.adc_bits_chip ? " (lossy)" : "",
                       e.shift_add_bits_exact, e.shift_add_bits_chip, e.accumulator_bits_exact,
                       e.accumulator_bits_chip);
  }
  return out;
}

}  // namespace ohmic::compile::detail
