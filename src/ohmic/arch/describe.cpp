#include "ohmic/arch/describe.h"

#include <algorithm>

#include <fmt/format.h>

#include "ohmic/core/units.h"

namespace ohmic::arch {
namespace {

class RowWriter {
 public:
  explicit RowWriter(std::vector<SpecRow>& rows) : rows_(rows) {}

  template <class T, class Fmt>
  void add(const std::string& field, const Field<T>& f, Fmt fmt_value) {
    if (f.has_value()) rows_.push_back({field, fmt_value(*f), f.origin(), f.note()});
  }
  void count(const std::string& field, const Field<int64_t>& f) {
    add(field, f, [](int64_t v) { return std::to_string(v); });
  }
  void small(const std::string& field, const Field<int>& f) {
    add(field, f, [](int v) { return std::to_string(v); });
  }
  void quantity(const std::string& field, const Field<double>& f, Dimension dim, double per_si = 1.0) {
    add(field, f, [&](double v) { return format_quantity(v / per_si, dim); });
  }
  void bytes(const std::string& field, const Field<int64_t>& f) {
    add(field, f, [](int64_t v) { return format_quantity(static_cast<double>(v), Dimension::kBytes); });
  }
  template <class E>
  void choice(const std::string& field, const Field<E>& f, const char* (*name)(E)) {
    add(field, f, [&](E v) { return std::string(name(v)); });
  }
  void bits(const std::string& field, const Field<BitRange>& f) {
    add(field, f, [](BitRange r) {
      return r.min == r.max ? std::to_string(r.max) : fmt::format("[{}, {}]", r.min, r.max);
    });
  }
  void buffer(const std::string& prefix, const BufferSpec& b) {
    bytes(prefix + ".capacity", b.capacity_bytes);
    small(prefix + ".width_bits", b.width_bits);
  }

 private:
  std::vector<SpecRow>& rows_;
};

void macro_rows(RowWriter& w, const MacroSpec& m) {
  w.count("macro.rows", m.rows);
  w.count("macro.cols", m.cols);
  w.count("macro.rows_active", m.rows_active);
  w.count("macro.cols_active", m.cols_active);
  w.small("macro.bits_per_cell", m.bits_per_cell);
  w.choice("macro.cell", m.cell, cell_kind_name);
  w.choice("macro.signed_weights", m.signed_weights, signed_weights_name);
  w.bits("macro.weight_bits", m.weight_bits);
  w.bits("macro.input_bits", m.input_bits);
  w.choice("macro.input.encoding", m.input.encoding, input_encoding_name);
  w.small("macro.input.dac_bits", m.input.dac_bits);
  w.small("macro.input.pulse_levels", m.input.pulse_levels);
  w.choice("macro.input.pulse_coding", m.input.pulse_coding, pulse_coding_name);
  w.choice("macro.adc.kind", m.adc.kind, adc_kind_name);
  w.small("macro.adc.bits", m.adc.bits);
  w.count("macro.adc.cols_per_adc", m.adc.cols_per_adc);
  w.quantity("macro.adc.step_time", m.adc.step_time_s, Dimension::kTime);
  w.count("macro.adder_tree.inputs", m.adder_tree.inputs);
  w.small("macro.adder_tree.output_bits", m.adder_tree.output_bits);
  w.small("macro.shift_add_bits", m.shift_add_bits);
  w.small("macro.accumulator_bits", m.accumulator_bits);
  w.quantity("macro.g_min", m.g_min_s, Dimension::kConductance);
  w.quantity("macro.g_max", m.g_max_s, Dimension::kConductance);
  w.quantity("macro.read_voltage", m.read_voltage_v, Dimension::kVoltage);
  w.quantity("macro.wire_resistance", m.wire_resistance_ohm, Dimension::kResistance);
  w.quantity("macro.cell_area", m.cell_area_m2, Dimension::kArea);
  w.quantity("macro.array_read_time", m.array_read_time_s, Dimension::kTime);
}

const char* marker(Origin o) {
  switch (o) {
    case Origin::kAssumed: return "A";
    case Origin::kDefault: return "D";
    default: return " ";
  }
}

}  // namespace

std::vector<SpecRow> spec_rows(const ChipSpec& s) {
  std::vector<SpecRow> rows;
  RowWriter w(rows);
  w.quantity("node", s.node_nm, Dimension::kLength, 1e9);
  w.quantity("vdd", s.vdd_v, Dimension::kVoltage);
  w.quantity("clock", s.clock_hz, Dimension::kFrequency);
  if (s.is_cim()) {
    macro_rows(w, s.macro);
    w.count("tiles.count", s.tiles.count);
    w.count("tiles.macros_per_tile", s.tiles.macros_per_tile);
    w.buffer("tiles.buffer", s.tiles.buffer);
  } else {
    for (const auto& [p, f] : s.von_neumann.peak_ops_per_s)
      w.quantity(std::string("von_neumann.peak.") + precision_name(p), f, Dimension::kOpsPerSecond);
    w.quantity("von_neumann.tdp", s.von_neumann.tdp_w, Dimension::kPower);
    w.bytes("von_neumann.on_chip_sram", s.von_neumann.on_chip_sram_bytes);
  }
  w.buffer("global_buffer", s.global_buffer);
  w.choice("noc.kind", s.noc.kind, noc_kind_name);
  w.small("noc.link_bits", s.noc.link_bits);
  w.quantity("noc.hop_length", s.noc.hop_length_mm, Dimension::kLength, 1e3);
  w.choice("dram.kind", s.dram.kind, dram_kind_name);
  w.bytes("dram.capacity", s.dram.capacity_bytes);
  w.quantity("dram.bandwidth", s.dram.bandwidth_bytes_per_s, Dimension::kBandwidth);
  w.add("host.kind", s.host.kind, [](const std::string& v) { return v; });
  w.quantity("host.ops_per_s", s.host.ops_per_s, Dimension::kOpsPerSecond);
  w.quantity("host.energy_per_op", s.host.energy_per_op_j, Dimension::kEnergy);
  w.count("digital_unit.lanes", s.digital_unit.lanes);
  w.small("digital_unit.lane_bits", s.digital_unit.lane_bits);
  return rows;
}

std::string describe_chip(const ChipSpec& s) {
  std::string out = fmt::format("{} ({})\n  {}\n  route: {}\n  source: {}\n", s.name, s.id, s.summary,
                                route_name(s.route), s.citation);
  if (!s.reference_id.empty()) out += fmt::format("  published figures: data/published-cim.yaml id {}\n", s.reference_id);
  out += fmt::format("  file: {}\n\nfields (A = assumed by the preset, D = loader default):\n", s.source_path);
  for (const auto& r : spec_rows(s)) {
    out += fmt::format("  {} {:<30} {}", marker(r.origin), r.field, r.value);
    if (r.origin == Origin::kDefault) out += fmt::format("   [default: {}]", r.note);
    out += "\n";
  }
  if (s.is_cim()) {
    const int weight_bits = std::min(8, s.macro.weight_bits->max);
    out += fmt::format("\nderived: {} macros, {} cells each, {} {}-bit weights per macro\n", s.macro_count(),
                       s.cells_per_macro(), s.weights_per_macro(weight_bits), weight_bits);
  }
  if (!s.assumptions.empty()) {
    out += "\nassumptions:\n";
    for (const auto& a : s.assumptions)
      out += a.field.empty() ? fmt::format("  - {}\n", a.why) : fmt::format("  - {}: {}\n", a.field, a.why);
  }
  return out;
}

}  // namespace ohmic::arch
