#pragma once
// Macro model: composes the component models into the cost of one array read of one macro (all active rows and
// columns used) and the macro's area, at an operating point (precision, voltage, clock). Peak macro metrics follow.
//
// One "array read" applies one input slice (dac_bits of every active row, or one pulse for pulse_width) and yields one
// partial result per active column: DAC per active row, cell energy per active cell, one ADC conversion per active
// column (analog routes) or an adder tree per column (digital routes), and one shift-and-add per active column.
// An MVM of B_x-bit inputs takes input_cycles(B_x) reads; each weight's cells_per_weight column results are combined
// once per MVM.
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"

namespace ohmic::cost {

struct OperatingPoint {
  int input_bits = 8;
  int weight_bits = 8;
  double vdd_v = 0;    // 0 = the chip's vdd
  double clock_hz = 0; // 0 = the chip's clock (scaled by the alpha-power law when vdd differs from the chip's)
};

// The chip's native maximum precision at its own voltage and clock.
OperatingPoint native_point(const arch::ChipSpec& chip);
// Fills vdd/clock defaults and checks the precision against the chip's native ranges (ohmic::Error when outside).
OperatingPoint resolve_point(const arch::ChipSpec& chip, OperatingPoint p);

// Clock at another supply voltage, alpha-power law f ∝ (V − V_t)^α / V (Sakurai & Newton, JSSC 1990), α = 1.3,
// V_t = 0.35 V.
double clock_at_voltage(double clock_hz, double from_vdd_v, double to_vdd_v);

// Clock cycles one conversion takes, by ADC kind: flash and sense amplifiers decide in one cycle; a SAR ADC is
// clocked internally at bits × the core clock and delivers one conversion per core cycle; counting converters
// (ramp, current-controlled oscillator, sigma-delta) need 2^bits cycles.
int64_t adc_cycles_per_conversion(arch::AdcKind kind, int bits);
// Steps of one conversion when the chip gives the converter's own step time (macro.adc.step_time): a flash or sense
// amplifier decides at once, a SAR decides one bit per step, counting converters count 2^bits steps.
int64_t adc_steps_per_conversion(arch::AdcKind kind, int bits);
// CCO and sigma-delta converters integrate the column current over their conversion window; a ramp (single-slope)
// converter compares a held sample with a ramp (2^bits cycles, but the array is off meanwhile).
bool integrating_adc(arch::AdcKind kind);

// Whether an ADC converts each weight once (its columns combined in analog before conversion: differential currents
// subtracted, binary-weighted slices summed with scaled references) or each column separately. chip-format.md says
// the columns of one weight "may be combined"; the rule used (until the chip format says it explicitly): combined
// when the ADC's columns are whole weights (cols_per_adc is a multiple of cells_per_weight).
bool adc_combines_weight(const arch::ChipSpec& chip, int weight_bits);
// Pulses one row line carries per array read, on random inputs (row_line_model.h prices one pulse): bit-serial 1/2
// per input line, pulse-width one pulse per nonzero value, a pulse train (pulse_coding: count) (L-1)/2.
double row_line_pulses_per_read(const arch::ChipSpec& chip, int pulse_levels, int dac_bits);
// Time of one array read before voltage scaling: the chip's array_read_time; when that is only the loader's default
// and inputs are pulse-width coded, (pulse_levels - 1) clocks, the longest pulse.
double pulse_read_window_s(const arch::ChipSpec& chip, int pulse_levels);

// Energy of the actions of one array read at full use, and per-MVM extras, in joules.
struct MacroActionEnergy {
  double dac_per_row = 0;          // per active row per read
  double cell = 0;                 // per active cell per read
  double adc_per_conversion = 0;   // analog routes
  double digital_per_column = 0;   // per active column per read: adder tree (digital) and shift-and-add
  double combine_per_weight = 0;   // per weight per MVM: (cells_per_weight − 1) additions of the accumulator
};

struct MacroArea {
  double cells_um2 = 0, dac_um2 = 0, adc_um2 = 0, digital_um2 = 0;
  double total_um2() const { return cells_um2 + dac_um2 + adc_um2 + digital_um2; }
};

struct MacroModel {
  OperatingPoint point;
  double node_nm = 0;
  int64_t rows_active = 0, cols_active = 0;
  int64_t adcs = 0;                 // ADCs per macro (0 on digital routes)
  bool adc_combines_weight = false; // an ADC spans whole weights: one conversion per weight, not per column
  int64_t conversions_per_read = 0; // at full use of the active columns
  int64_t conversions_per_adc = 0;  // ceil(conversions_per_read / adcs): one ADC's conversions per read, in series
  int64_t adc_cycles_per_conversion = 0;
  int64_t cells_per_weight = 0;
  int64_t weights_per_row = 0;      // at point.weight_bits
  int64_t input_cycles = 0;         // array reads per MVM
  double read_time_s = 0;           // array evaluation of one read
  double adc_time_s = 0;            // time the ADCs need for one read's conversions
  double slice_time_s = 0;          // max(read_time_s, adc_time_s)
  MacroActionEnergy energy;
  MacroArea area;
  double leakage_w = 0;             // volatile cells (SRAM routes)
};

// Throws ohmic::Error when the chip is not a CIM chip or the point is outside its native precision.
MacroModel macro_model(const arch::ChipSpec& chip, const OperatingPoint& point);

// Peak of one macro at full use: every read uses all active rows and columns.
struct EnergyShare {
  std::string component;  // "array", "dac", "adc", "digital"
  double value = 0;       // joules (energy) or µm² (area)
};
struct MacroPeak {
  OperatingPoint point;
  double ops_per_s = 0;              // 1 MAC = 2 ops
  double energy_per_op_j = 0;
  double power_w = 0;
  double area_mm2 = 0;
  double tops() const { return ops_per_s * 1e-12; }
  double tops_per_w() const { return 1e-12 / energy_per_op_j; }
  double tops_per_mm2() const { return tops() / area_mm2; }
  std::vector<EnergyShare> energy_per_mvm;  // by component
  std::vector<EnergyShare> area_um2;        // by component
  std::string bottleneck;                   // "array read" or "ADC conversions"
};
MacroPeak macro_peak(const arch::ChipSpec& chip, const OperatingPoint& point);

}  // namespace ohmic::cost
