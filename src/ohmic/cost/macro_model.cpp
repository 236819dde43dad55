#include "ohmic/cost/macro_model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/adc_model.h"
#include "ohmic/cost/components/array_model.h"
#include "ohmic/cost/components/dac_model.h"
#include "ohmic/cost/components/digital_logic.h"
#include "ohmic/cost/components/row_line_model.h"
#include "ohmic/cost/components/sram_buffer.h"

namespace ohmic::cost {
namespace {

using arch::ChipSpec;
using arch::Route;

// Standard-cell placement utilization: logic area = gate area / 0.7 (common P&R target density).
constexpr double kLogicUtilization = 0.7;
// A 1-bit sense amplifier / comparator (StrongARM latch + output latch) ≈ 10 NAND2 equivalents toggling fully.
constexpr double kNand2PerSenseAmp = 10;
// Alpha-power law (Sakurai & Newton, JSSC 1990) for clock scaling with voltage.
constexpr double kAlpha = 1.3, kThresholdV = 0.35;
// Random inputs: a bit-serial row is driven in half the reads; a pulse-width input lasts half the window on average.
constexpr double kInputOnFraction = 0.5;
// Random weights: an SRAM cell holds a 1 in half the cases (a 0 does not discharge the bitline).
constexpr double kWeightOneFraction = 0.5;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

void require_cim(const ChipSpec& chip) {
  if (!chip.is_cim())
    fail("cost/macro '" + chip.id + "'", std::string("route ") + arch::route_name(chip.route) + " has no CIM macro",
         "estimate macro metrics only for compute-in-memory chips");
}

}  // namespace

int64_t adc_steps_per_conversion(arch::AdcKind kind, int bits) {
  switch (kind) {
    case arch::AdcKind::kFlash:
    case arch::AdcKind::kSenseAmp: return 1;
    case arch::AdcKind::kSar: return std::clamp(bits, 1, 16);
    case arch::AdcKind::kRamp:
    case arch::AdcKind::kCco:
    case arch::AdcKind::kSigmaDelta: return int64_t{1} << std::clamp(bits, 1, 16);
  }
  return 1;
}

bool integrating_adc(arch::AdcKind kind) {
  return kind == arch::AdcKind::kCco || kind == arch::AdcKind::kSigmaDelta;
}

int64_t adc_cycles_per_conversion(arch::AdcKind kind, int bits) {
  switch (kind) {
    case arch::AdcKind::kFlash:
    case arch::AdcKind::kSenseAmp:
    case arch::AdcKind::kSar: return 1;
    case arch::AdcKind::kRamp:
    case arch::AdcKind::kCco:
    case arch::AdcKind::kSigmaDelta: return int64_t{1} << std::clamp(bits, 1, 16);
  }
  return 1;
}

double pulse_read_window_s(const ChipSpec& chip, int pulse_levels) {
  const auto& m = chip.macro;
  const bool pulse = m.input.encoding.value() == arch::InputEncoding::kPulseWidth;
  // The loader's default read time (one clock) describes a bit-serial read. A pulse-width input of L levels is a pulse
  // of 0..L-1 unit durations timed by the row's log2(L)-bit counter (the modulator priced in macro_model), one unit per
  // clock, so the read window is (L - 1) clocks unless the chip gives array_read_time (textbook digital PWM: a counter
  // compared with the input code, one code step per clock).
  if (pulse && m.array_read_time_s.origin() == arch::Origin::kDefault)
    return static_cast<double>(pulse_levels - 1) / *chip.clock_hz;
  return m.array_read_time_s.value_or(1.0 / *chip.clock_hz);
}

double row_line_pulses_per_read(const ChipSpec& chip, int pulse_levels, int dac_bits) {
  const auto& in = chip.macro.input;
  const double levels = pulse_levels;
  if (in.encoding.value() == arch::InputEncoding::kPulseWidth) {
    // A pulse train of `value` unit pulses, value uniform on 0..L-1: (L-1)/2 pulses; one pulse of `value` units:
    // one pulse unless the value is 0.
    if (in.pulse_coding.value_or(arch::PulseCoding::kDuration) == arch::PulseCoding::kCount) return (levels - 1) / 2;
    return (levels - 1) / levels;
  }
  // Bit-serial: a 1-bit slice pulses its line when the bit is 1 (half the reads on random data); a multi-bit DAC
  // charges the line to V·x/(2^b - 1), x uniform, drawing C·V·V_x = C·V²/2 on average. A digital array takes its
  // dac_bits parallel bits on as many lines.
  const bool digital = !arch::is_analog(chip.route);
  return kInputOnFraction * (digital ? dac_bits : 1);
}

bool adc_combines_weight(const ChipSpec& chip, int weight_bits) {
  const int64_t cpw = chip.cells_per_weight(weight_bits);
  const int64_t cpa = chip.macro.adc.cols_per_adc.value_or(1);
  return cpw > 1 && cpa % cpw == 0;
}

double clock_at_voltage(double clock_hz, double from_vdd_v, double to_vdd_v) {
  if (from_vdd_v == to_vdd_v) return clock_hz;
  auto speed = [](double v) {
    if (v <= kThresholdV)
      fail("cost/clock scaling", fmt::format("supply {} V is at or below the assumed threshold {} V", v, kThresholdV));
    return std::pow(v - kThresholdV, kAlpha) / v;
  };
  return clock_hz * speed(to_vdd_v) / speed(from_vdd_v);
}

OperatingPoint native_point(const ChipSpec& chip) {
  require_cim(chip);
  OperatingPoint p;
  p.input_bits = chip.macro.input_bits->max;
  p.weight_bits = chip.macro.weight_bits->max;
  return resolve_point(chip, p);
}

OperatingPoint resolve_point(const ChipSpec& chip, OperatingPoint p) {
  require_cim(chip);
  const auto& in = *chip.macro.input_bits;
  const auto& w = *chip.macro.weight_bits;
  if (p.input_bits < in.min || p.input_bits > in.max || p.weight_bits < w.min || p.weight_bits > w.max)
    fail("cost/macro '" + chip.id + "'",
         fmt::format("precision {}b input / {}b weight is outside the native range {}-{}b / {}-{}b", p.input_bits,
                     p.weight_bits, in.min, in.max, w.min, w.max),
         "pick a precision within macro.input_bits and macro.weight_bits");
  if (p.vdd_v <= 0) p.vdd_v = *chip.vdd_v;
  if (p.clock_hz <= 0) p.clock_hz = clock_at_voltage(*chip.clock_hz, *chip.vdd_v, p.vdd_v);
  return p;
}

MacroModel macro_model(const ChipSpec& chip, const OperatingPoint& requested) {
  require_cim(chip);
  const auto& m = chip.macro;
  MacroModel mm;
  mm.point = resolve_point(chip, requested);
  const double v = mm.point.vdd_v;
  mm.node_nm = *chip.node_nm;
  const LogicTech tech{mm.node_nm, v};
  mm.rows_active = *m.rows_active;
  mm.cols_active = *m.cols_active;
  mm.cells_per_weight = chip.cells_per_weight(mm.point.weight_bits);
  mm.weights_per_row = chip.weights_per_macro(mm.point.weight_bits) / *m.rows;
  if (mm.weights_per_row < 1)
    fail("cost/macro '" + chip.id + "'",
         fmt::format("a {}-bit weight needs {} cells but a row has {} columns", mm.point.weight_bits,
                     mm.cells_per_weight, *m.cols),
         "use fewer weight bits or more bits per cell");
  mm.input_cycles = chip.input_cycles(mm.point.input_bits);
  const bool analog = arch::is_analog(chip.route);
  const bool pulse = m.input.encoding.value() == arch::InputEncoding::kPulseWidth;
  const int dac_bits = pulse ? 1 : m.input.dac_bits.value_or(1);
  const int pulse_levels = std::max(2, m.input.pulse_levels.value_or(1 << mm.point.input_bits));

  // A read lasts the chip's array read time, scaled with the clock when the voltage differs.
  const double clock_ratio = *chip.clock_hz / mm.point.clock_hz;
  mm.read_time_s = pulse_read_window_s(chip, pulse_levels) * clock_ratio;

  // ADC timing: each ADC converts its share of the active columns (or of the active weights when it combines a
  // weight's columns), one after another.
  if (analog) {
    if (!m.adc.present() || !m.adc.bits)
      fail("cost/macro '" + chip.id + "'", "analog route without an ADC", "describe macro.adc");
    mm.adcs = *m.cols / m.adc.cols_per_adc.value_or(1);
    mm.adc_combines_weight = adc_combines_weight(chip, mm.point.weight_bits);
    mm.conversions_per_read = mm.adc_combines_weight ? std::max<int64_t>(1, mm.cols_active / mm.cells_per_weight)
                                                     : mm.cols_active;
    mm.conversions_per_adc = ceil_div(mm.conversions_per_read, mm.adcs);
    mm.adc_cycles_per_conversion = adc_cycles_per_conversion(*m.adc.kind, *m.adc.bits);
    // The paper's step time when the chip gives it (scaled with the clock at another voltage) times the kind's steps,
    // else the kind's core-clock count.
    const double conversion_s =
        m.adc.step_time_s.has_value()
            ? static_cast<double>(adc_steps_per_conversion(*m.adc.kind, *m.adc.bits)) * *m.adc.step_time_s * clock_ratio
            : static_cast<double>(mm.adc_cycles_per_conversion) / mm.point.clock_hz;
    mm.adc_time_s = static_cast<double>(mm.conversions_per_adc) * conversion_s;
  }
  mm.slice_time_s = std::max(mm.read_time_s, mm.adc_time_s);

  // DAC / wordline drivers, and the row line they charge (row_line_model.h) once per pulse.
  const DacCost d = dac(dac_bits, mm.node_nm, v);
  const double line_j = row_line_cap_f(chip.route, *m.cell, mm.node_nm, v, *m.cols, mm.cols_active) * v * v;
  mm.energy.dac_per_row = d.energy_j + line_j * row_line_pulses_per_read(chip, pulse_levels, dac_bits);
  double dac_area_um2 = d.area_um2;
  if (pulse) {  // pulse-width modulator: a counter-comparator of log2(levels) bits per row
    const int levels_bits = static_cast<int>(std::ceil(std::log2(static_cast<double>(pulse_levels))));
    const GateCost pwm = adder(levels_bits, tech);
    mm.energy.dac_per_row += pwm.energy_j;
    dac_area_um2 += pwm.area_um2 / kLogicUtilization;
  }

  // Cells.
  CellReadInputs cr;
  cr.route = chip.route;
  cr.cell = *m.cell;
  cr.node_nm = mm.node_nm;
  cr.vdd_v = v;
  // Resistive cells conduct while the input is applied. A current-integrating converter (CCO, sigma-delta) keeps the
  // inputs applied for its whole conversion window; a sampling converter (SAR, flash, sense amplifier, single-slope
  // ramp on a held sample) samples the settled column at the end of the array read.
  cr.read_time_s = analog && integrating_adc(*m.adc.kind) ? mm.slice_time_s : mm.read_time_s;
  cr.input_on_fraction = kInputOnFraction;
  cr.g_min_s = m.g_min_s.value_or(0);
  cr.g_max_s = m.g_max_s.value_or(0);
  cr.read_voltage_v = m.read_voltage_v.value_or(0);
  double cell_j = cell_read_energy_j(cr);
  // Bitline summing: a column swings by the full V when every product is 1; on random data a quarter of them are.
  if (chip.route == Route::kSramAnalog) cell_j *= 2 * kInputOnFraction * kWeightOneFraction;
  const int bits_per_cell = m.bits_per_cell.value_or(1);
  double and_gates_per_cell = 0;
  if (!analog) {  // digital: a dac_bits × bits_per_cell multiplier per cell
    and_gates_per_cell = static_cast<double>(dac_bits) * bits_per_cell;
    cell_j *= and_gates_per_cell;
  }
  mm.energy.cell = cell_j;

  // ADC.
  double adc_area_um2 = 0;
  if (analog) {
    if (m.adc.kind.value() == arch::AdcKind::kSenseAmp) {
      const GateCost sa = gates(kNand2PerSenseAmp, 1.0, tech);
      mm.energy.adc_per_conversion = sa.energy_j;
      adc_area_um2 = sa.area_um2 / kLogicUtilization;
    } else {
      const double rate = static_cast<double>(mm.conversions_per_adc) / mm.slice_time_s;
      const AdcCost a = murmann_adc(*m.adc.bits, rate, mm.node_nm);
      mm.energy.adc_per_conversion = a.energy_j * adc_supply_scale(mm.node_nm, v);
      adc_area_um2 = a.area_um2;
    }
  }

  // Digital periphery per column: adder tree (digital routes) and shift-and-add.
  const int shift_bits = m.shift_add_bits.value_or(mm.point.weight_bits + mm.point.input_bits + 16);
  const GateCost sa = shift_add(shift_bits, tech);
  double digital_j = sa.energy_j, digital_area = sa.area_um2;
  if (!analog) {
    const int64_t tree_inputs = std::min<int64_t>(m.adder_tree.inputs.value_or(mm.rows_active), mm.rows_active);
    const int64_t trees = ceil_div(mm.rows_active, tree_inputs);
    const int product_bits = dac_bits * bits_per_cell;
    const GateCost tree = adder_tree(static_cast<int>(tree_inputs), product_bits, tech);
    const int tree_out_bits = product_bits + static_cast<int>(std::ceil(std::log2(static_cast<double>(tree_inputs))));
    const GateCost join = adder(tree_out_bits + 1, tech);
    digital_j += trees * tree.energy_j + (trees - 1) * join.energy_j;
    digital_area += trees * tree.area_um2 + (trees - 1) * join.area_um2;
  }
  mm.energy.digital_per_column = digital_j;
  const int acc_bits = m.accumulator_bits.value_or(shift_bits);
  mm.energy.combine_per_weight = static_cast<double>(mm.cells_per_weight - 1) * adder(acc_bits, tech).energy_j;

  // Area.
  const double cells = static_cast<double>(*m.rows) * static_cast<double>(*m.cols);
  // The design's own cell area when the chip gives it (macro.cell_area, from its paper), else the cell kind's figure.
  const double cell_um2 = m.cell_area_m2.has_value() ? *m.cell_area_m2 * 1e12 : cell_area_um2(*m.cell, mm.node_nm);
  mm.area.cells_um2 = cells * cell_um2;
  mm.area.dac_um2 = static_cast<double>(*m.rows) * dac_area_um2;
  mm.area.adc_um2 = static_cast<double>(mm.adcs) * adc_area_um2;
  const double and_area = cells * and_gates_per_cell * gates(kNand2PerAndGate, 0, tech).area_um2;
  // One shift-and-add unit per converted value (analog) or per column with its adder trees (digital).
  const double digital_units = analog ? static_cast<double>(mm.adc_combines_weight ? *m.cols / mm.cells_per_weight : *m.cols)
                                      : static_cast<double>(*m.cols);
  mm.area.digital_um2 = (digital_units * digital_area + and_area) / kLogicUtilization;

  // Leakage of volatile cells.
  const bool volatile_cells = !arch::is_resistive(chip.route);
  if (volatile_cells) mm.leakage_w = cells * sram_buffer(1, 1, mm.node_nm, v).leakage_w / 8.0;
  return mm;
}

MacroPeak macro_peak(const ChipSpec& chip, const OperatingPoint& point) {
  const MacroModel mm = macro_model(chip, point);
  const double rows = static_cast<double>(mm.rows_active), cols = static_cast<double>(mm.cols_active);
  const double reads = static_cast<double>(mm.input_cycles);
  const double weights = std::max(1.0, std::floor(cols / static_cast<double>(mm.cells_per_weight)));
  const double macs = rows * weights;
  const bool analog = arch::is_analog(chip.route);

  MacroPeak p;
  p.point = mm.point;
  const double e_dac = reads * rows * mm.energy.dac_per_row;
  const double e_cell = reads * rows * cols * mm.energy.cell;
  const double conversions = analog ? static_cast<double>(mm.conversions_per_read) : 0.0;
  const double e_adc = reads * conversions * mm.energy.adc_per_conversion;
  // Digital work per read: one shift-and-add per converted value (analog) or per column (digital).
  const double digital_units = analog ? conversions : cols;
  const double e_dig = reads * digital_units * mm.energy.digital_per_column +
                       (mm.adc_combines_weight ? 0.0 : weights * mm.energy.combine_per_weight);
  const double e_mvm = e_dac + e_cell + e_adc + e_dig;
  const double t_mvm = reads * mm.slice_time_s;
  p.ops_per_s = 2 * macs / t_mvm;
  p.power_w = e_mvm / t_mvm + mm.leakage_w;
  p.energy_per_op_j = p.power_w / p.ops_per_s;
  p.area_mm2 = mm.area.total_um2() * 1e-6;
  p.energy_per_mvm = {{"array", e_cell}, {"dac", e_dac}, {"adc", e_adc}, {"digital", e_dig},
                      {"leakage", mm.leakage_w * t_mvm}};
  p.area_um2 = {{"array", mm.area.cells_um2},
                {"dac", mm.area.dac_um2},
                {"adc", mm.area.adc_um2},
                {"digital", mm.area.digital_um2}};
  p.bottleneck = mm.adc_time_s > mm.read_time_s ? "ADC conversions" : "array read";
  return p;
}

}  // namespace ohmic::cost
