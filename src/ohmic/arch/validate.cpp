#include "ohmic/arch/validate.h"

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

namespace ohmic::arch::detail {
namespace {

class Checker {
 public:
  explicit Checker(const ChipSpec& s) : spec_(s) {}

  // "file:line" of a given field; the file alone for defaults.
  template <class T>
  std::string where(const Field<T>& f) const {
    if (f.origin() == Origin::kGiven || f.origin() == Origin::kAssumed) return f.note().substr(0, f.note().find(';'));
    return spec_.source_path;
  }
  template <class T>
  [[noreturn]] void bad(const Field<T>& f, const std::string& path, const std::string& what,
                        const std::string& fix) const {
    fail(where(f), path + ": " + what, fix);
  }
  template <class T>
  void positive(const Field<T>& f, const std::string& path) const {
    if (f.has_value() && !(*f > T{0}))
      bad(f, path, fmt::format("must be positive, got {}", *f), "give a size greater than zero");
  }
  template <class T>
  void in_range(const Field<T>& f, const std::string& path, T lo, T hi, const std::string& why) const {
    if (f.has_value() && (*f < lo || *f > hi))
      bad(f, path, fmt::format("{} is out of range [{}, {}]", *f, lo, hi), why);
  }

 private:
  const ChipSpec& spec_;
};

bool is_sram_cell(CellKind c) {
  return c == CellKind::kSram6t || c == CellKind::kSram8t || c == CellKind::kSram10t || c == CellKind::kSram12t ||
         c == CellKind::kSramCap || c == CellKind::kGainCell || c == CellKind::kSramC2c;
}

// Cell kinds a route can be built from.
std::vector<CellKind> cells_for(Route r) {
  switch (r) {
    case Route::kSramDigital:
    case Route::kSramAnalog:
    case Route::kSramCharge:
      return {CellKind::kSram6t, CellKind::kSram8t, CellKind::kSram10t, CellKind::kSram12t, CellKind::kSramCap,
              CellKind::kGainCell, CellKind::kSramC2c};
    case Route::kNorFlash: return {CellKind::kFloatingGate, CellKind::kChargeTrap};
    case Route::kReram:
    case Route::kPcm: return {CellKind::k1t1r, CellKind::k2t2r, CellKind::k1r};
    case Route::kMram: return {CellKind::k1t1mtj, CellKind::k2t2mtj};
    case Route::kDramPim: return {CellKind::kDram1t1c};
    default: return {};
  }
}

void check_macro(const ChipSpec& s, const Checker& c) {
  const MacroSpec& m = s.macro;
  for (auto [f, p] : {std::pair{&m.rows, "macro.rows"}, {&m.cols, "macro.cols"},
                      {&m.rows_active, "macro.rows_active"}, {&m.cols_active, "macro.cols_active"}})
    c.positive(*f, p);
  c.in_range(m.rows, "macro.rows", int64_t{1}, int64_t{1} << 20, "an array has at most 2^20 rows");
  c.in_range(m.cols, "macro.cols", int64_t{1}, int64_t{1} << 20, "an array has at most 2^20 columns");
  if (*m.rows_active > *m.rows)
    c.bad(m.rows_active, "macro.rows_active", fmt::format("{} active rows exceed the {} rows", *m.rows_active, *m.rows),
          "set rows_active <= rows");
  if (*m.cols_active > *m.cols)
    c.bad(m.cols_active, "macro.cols_active", fmt::format("{} active columns exceed the {} columns", *m.cols_active,
                                                          *m.cols),
          "set cols_active <= cols");

  const auto allowed = cells_for(s.route);
  if (std::find(allowed.begin(), allowed.end(), *m.cell) == allowed.end()) {
    std::string list;
    for (CellKind k : allowed) list += (list.empty() ? "" : ", ") + std::string(cell_kind_name(k));
    c.bad(m.cell, "macro.cell", fmt::format("a {} cell cannot build a {} array", cell_kind_name(*m.cell),
                                            route_name(s.route)),
          "use one of: " + list);
  }
  c.positive(m.bits_per_cell, "macro.bits_per_cell");
  if (is_sram_cell(*m.cell) || *m.cell == CellKind::kDram1t1c)
    c.in_range(m.bits_per_cell, "macro.bits_per_cell", 1, 1,
               "an SRAM latch or DRAM capacitor stores one bit; multi-bit weights span several cells");
  else if (*m.cell == CellKind::k1t1mtj || *m.cell == CellKind::k2t2mtj)
    c.in_range(m.bits_per_cell, "macro.bits_per_cell", 1, 2, "an MTJ has two states (at most 2 bits with stacked MTJs)");
  else
    c.in_range(m.bits_per_cell, "macro.bits_per_cell", 1, 8,
               "analog non-volatile cells hold at most 8 bits (256 levels) in published work");
  if (*m.bits_per_cell > m.weight_bits->max)
    c.bad(m.bits_per_cell, "macro.bits_per_cell",
          fmt::format("{} bits per cell exceed the {}-bit weights", *m.bits_per_cell, m.weight_bits->max),
          "lower bits_per_cell or raise weight_bits");

  const bool analog = is_analog(s.route);
  if (!analog && (*m.signed_weights == SignedWeights::kDifferentialPair ||
                  *m.signed_weights == SignedWeights::kOffsetColumn))
    c.bad(m.signed_weights, "macro.signed_weights",
          fmt::format("{} is an analog scheme; route {} computes digitally", signed_weights_name(*m.signed_weights),
                      route_name(s.route)),
          "use twos_complement (or none for unsigned weights)");
  if (*m.signed_weights == SignedWeights::kOffsetColumn && *m.cols < 2)
    c.bad(m.cols, "macro.cols", "offset_column needs a reference column besides the data", "use cols >= 2");

  if (analog)
    c.in_range(m.input.dac_bits, "macro.input.dac_bits", 1, 8, "a wordline DAC drives 1 to 8 bits per cycle");
  else
    c.in_range(m.input.dac_bits, "macro.input.dac_bits", 1, 32, "a digital array takes 1 to 32 input bits per cycle");
  if (*m.input.dac_bits > m.input_bits->max)
    c.bad(m.input.dac_bits, "macro.input.dac_bits",
          fmt::format("{} DAC bits exceed the {}-bit inputs", *m.input.dac_bits, m.input_bits->max),
          "set dac_bits <= input_bits");
  if (m.input.pulse_levels.has_value()) {
    if (*m.input.encoding != InputEncoding::kPulseWidth)
      c.bad(m.input.pulse_levels, "macro.input.pulse_levels", "only meaningful with encoding: pulse_width",
            "remove pulse_levels or set encoding: pulse_width");
    c.in_range(m.input.pulse_levels, "macro.input.pulse_levels", 2, 1 << 20, "a pulse needs at least 2 levels");
  }
  if (m.input.pulse_coding.has_value() && *m.input.encoding != InputEncoding::kPulseWidth)
    c.bad(m.input.pulse_coding, "macro.input.pulse_coding", "only meaningful with encoding: pulse_width",
          "remove pulse_coding or set encoding: pulse_width");

  if (m.adc.present()) {
    c.in_range(m.adc.bits, "macro.adc.bits", 1, 16, "published CIM ADCs have 1 to 16 bits");
    c.positive(m.adc.cols_per_adc, "macro.adc.cols_per_adc");
    c.positive(m.adc.step_time_s, "macro.adc.step_time");
    if (*m.cols % *m.adc.cols_per_adc != 0)
      c.bad(m.adc.cols_per_adc, "macro.adc.cols_per_adc",
            fmt::format("{} columns per ADC do not divide the {} columns", *m.adc.cols_per_adc, *m.cols),
            "choose a divisor of macro.cols");
  }
  if (m.adder_tree.inputs.has_value()) {
    c.positive(m.adder_tree.inputs, "macro.adder_tree.inputs");
    if (*m.adder_tree.inputs > *m.rows)
      c.bad(m.adder_tree.inputs, "macro.adder_tree.inputs",
            fmt::format("{} inputs exceed the {} rows", *m.adder_tree.inputs, *m.rows), "set inputs <= rows");
    c.in_range(m.adder_tree.output_bits, "macro.adder_tree.output_bits", 1, 64, "use 1 to 64 bits");
  }
  c.in_range(m.shift_add_bits, "macro.shift_add_bits", 1, 64, "use 1 to 64 bits");
  c.in_range(m.accumulator_bits, "macro.accumulator_bits", 1, 64, "use 1 to 64 bits");

  const bool resistive = is_resistive(s.route);
  for (auto [f, p] : {std::pair{&m.g_min_s, "macro.g_min"}, {&m.g_max_s, "macro.g_max"},
                      {&m.read_voltage_v, "macro.read_voltage"}}) {
    if (f->has_value() && !resistive)
      c.bad(*f, p, fmt::format("only resistive routes (nor_flash, reram, pcm, mram) have cell conductances; this is {}",
                               route_name(s.route)),
            "remove it");
    c.positive(*f, p);
  }
  if (m.g_min_s.has_value() && m.g_max_s.has_value() && !(*m.g_min_s < *m.g_max_s))
    c.bad(m.g_min_s, "macro.g_min", "g_min must be below g_max", "swap or correct the two conductances");
  c.in_range(m.read_voltage_v, "macro.read_voltage", 0.0, 5.0, "read voltages are below 5 V");
  if (m.wire_resistance_ohm.has_value() && !resistive)
    c.bad(m.wire_resistance_ohm, "macro.wire_resistance",
          fmt::format("only resistive routes (nor_flash, reram, pcm, mram) model IR drop; this is {}",
                      route_name(s.route)),
          "remove it");
  c.in_range(m.wire_resistance_ohm, "macro.wire_resistance", 0.0, 1000.0,
             "give the resistance of one wire segment between neighbouring cells, e.g. \"2.5 ohm\" (0 = ideal wires)");
  c.positive(m.array_read_time_s, "macro.array_read_time");
  // A cell between 1e-4 um2 (below any 1 nm-class bitcell) and 1e4 um2 (a 100 um x 100 um unit cell).
  c.in_range(m.cell_area_m2, "macro.cell_area", 1e-16, 1e-8,
             "give the area of one cell as the paper states it, e.g. \"4.9 um2\" (1e-4 to 1e4 um2)");
}

}  // namespace

void validate_chip(const ChipSpec& s) {
  const Checker c(s);
  c.in_range(s.node_nm, "node", 1.0, 1000.0, "give the process node, e.g. \"22 nm\"");
  c.in_range(s.vdd_v, "vdd", 0.2, 5.0, "give the core supply, e.g. \"0.8 V\"");
  c.in_range(s.clock_hz, "clock", 1e3, 1e10, "give the core clock, e.g. \"200 MHz\"");
  if (s.is_cim()) {
    check_macro(s, c);
    c.positive(s.tiles.count, "tiles.count");
    c.positive(s.tiles.macros_per_tile, "tiles.macros_per_tile");
    c.positive(s.tiles.buffer.capacity_bytes, "tiles.buffer.capacity");
    c.in_range(s.tiles.buffer.width_bits, "tiles.buffer.width_bits", 1, 1 << 16, "use 1 to 65536 bits");
  } else {
    for (const auto& [p, f] : s.von_neumann.peak_ops_per_s)
      c.positive(f, std::string("von_neumann.peak.") + precision_name(p));
    c.positive(s.von_neumann.tdp_w, "von_neumann.tdp");
    c.positive(s.von_neumann.on_chip_sram_bytes, "von_neumann.on_chip_sram");
  }
  c.positive(s.global_buffer.capacity_bytes, "global_buffer.capacity");
  c.in_range(s.global_buffer.width_bits, "global_buffer.width_bits", 1, 1 << 16, "use 1 to 65536 bits");
  c.in_range(s.noc.link_bits, "noc.link_bits", 1, 1 << 16, "use 1 to 65536 bits");
  c.positive(s.noc.hop_length_mm, "noc.hop_length");
  c.positive(s.dram.capacity_bytes, "dram.capacity");
  c.positive(s.dram.bandwidth_bytes_per_s, "dram.bandwidth");
  c.positive(s.host.ops_per_s, "host.ops_per_s");
  c.positive(s.host.energy_per_op_j, "host.energy_per_op");
  c.positive(s.digital_unit.lanes, "digital_unit.lanes");
  c.in_range(s.digital_unit.lane_bits, "digital_unit.lane_bits", 1, 64, "use 1 to 64 bits");
}

}  // namespace ohmic::arch::detail
