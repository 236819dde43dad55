#include "ohmic/arch/read_spec.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace ohmic::arch::detail {
namespace {

// Enumerates an enum's YAML names through its name function (enumerators are dense from 0).
template <class E>
std::vector<std::string> enum_names(const char* (*name)(E)) {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    const char* n = name(static_cast<E>(i));
    if (std::string(n) == "?") break;
    out.emplace_back(n);
  }
  return out;
}

int ceil_log2(int64_t n) {
  int b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

void read_assumptions(YamlDoc& doc, Section& top, ChipSpec& spec) {
  const YAML::Node list = top.raw("assumptions");
  if (!list.IsDefined()) return;
  if (!list.IsSequence())
    top.fail_at("assumptions", "expected a list", "write '- {field: macro.adc.bits, why: \"...\"}' entries");
  for (const auto& item : list) {
    Assumption a;
    if (item.IsScalar()) {
      a.why = item.Scalar();
    } else if (item.IsMap()) {
      for (const auto& kv : item) {
        const std::string k = kv.first.Scalar();
        if (k == "field") {
          a.field = kv.second.Scalar();
        } else if (k == "why") {
          a.why = kv.second.Scalar();
        } else {
          const std::string hint = did_you_mean(k, {"field", "why"});
          fail(where_of(doc, kv.first.Mark()), "assumptions." + k + ": unknown field",
               (hint.empty() ? "" : hint + " ") + "an assumption has 'field' and 'why'");
        }
      }
      if (a.why.empty())
        fail(where_of(doc, item.Mark()), "assumptions: entry without 'why'", "say why the value was assumed");
    } else {
      fail(where_of(doc, item.Mark()), "assumptions: expected text or {field, why}",
           "write '- {field: macro.adc.bits, why: \"...\"}'");
    }
    if (!a.field.empty()) {
      if (doc.assumed.count(a.field))
        fail(where_of(doc, item.Mark()), "assumptions: '" + a.field + "' is listed twice", "merge the two entries");
      doc.assumed[a.field] = a.why;
    }
    spec.assumptions.push_back(a);
  }
}

// `sized_from: [tops]`: validated metric names of the reference record, each once; only with `reference:`.
void read_sized_from(YamlDoc& doc, Section& top, ChipSpec& spec) {
  const YAML::Node list = top.raw("sized_from");
  if (!list.IsDefined()) return;
  const std::vector<std::string> names(kSizedFromMetrics.begin(), kSizedFromMetrics.end());
  std::string one_of;
  for (const auto& n : names) one_of += (one_of.empty() ? "" : ", ") + n;
  if (!list.IsSequence())
    top.fail_at("sized_from", "expected a list of metric names", "write e.g. 'sized_from: [tops]' (one of: " + one_of + ")");
  if (spec.reference_id.empty())
    top.fail_at("sized_from", "names figures of the reference record, but the file has no 'reference:'",
                "add 'reference: <id in data/published-cim.yaml>', or remove sized_from");
  for (const auto& item : list) {
    const std::string where = where_of(doc, item.Mark());
    if (!item.IsScalar()) fail(where, "sized_from: expected a metric name", "one of: " + one_of);
    const std::string metric = item.Scalar();
    if (std::find(names.begin(), names.end(), metric) == names.end()) {
      const std::string hint = did_you_mean(metric, names);
      fail(where, "sized_from: unknown metric '" + metric + "'",
           fmt::format("{}one of: {}", hint.empty() ? "" : hint + " ", one_of));
    }
    if (std::find(spec.sized_from.begin(), spec.sized_from.end(), metric) != spec.sized_from.end())
      fail(where, "sized_from: '" + metric + "' is listed twice", "list each metric once");
    spec.sized_from.push_back(metric);
  }
}

BufferSpec read_buffer(Section s) {
  BufferSpec b;
  b.capacity_bytes = s.bytes("capacity");
  b.width_bits = s.small_count("width_bits");
  if (b.capacity_bytes.has_value()) b.width_bits = or_default(b.width_bits, 64, "64-bit port");
  if (s.present() && !b.capacity_bytes.has_value()) s.fail_missing("capacity", "\"64 KiB\"");
  s.finish();
  return b;
}

MacroSpec read_macro(Section m, const ChipSpec& spec) {
  MacroSpec mac;
  const Route route = spec.route;
  const bool analog = is_analog(route);
  mac.rows = require(m.count("rows"), m, "rows", "256");
  mac.cols = require(m.count("cols"), m, "cols", "256");
  mac.rows_active = or_default(m.count("rows_active"), *mac.rows, "all rows (= rows)");
  mac.cols_active = or_default(m.count("cols_active"), *mac.cols, "all columns (= cols)");
  mac.bits_per_cell = or_default(m.small_count("bits_per_cell"), 1, "1 bit per cell");
  mac.cell = require(m.choice<CellKind>("cell", cell_kind_from_name, enum_names(cell_kind_name)), m, "cell", "1t1r");
  mac.signed_weights = or_default(m.choice<SignedWeights>("signed_weights", signed_weights_from_name,
                                                          enum_names(signed_weights_name)),
                                  analog ? SignedWeights::kDifferentialPair : SignedWeights::kTwosComplement,
                                  analog ? "differential_pair on analog routes" : "twos_complement on digital routes");
  mac.weight_bits = require(m.bit_range("weight_bits"), m, "weight_bits", "8");
  mac.input_bits = require(m.bit_range("input_bits"), m, "input_bits", "8");

  Section in = m.child("input");
  mac.input.encoding = or_default(in.choice<InputEncoding>("encoding", input_encoding_from_name,
                                                           enum_names(input_encoding_name)),
                                  InputEncoding::kBitSerial, "bit_serial");
  mac.input.dac_bits = or_default(in.small_count("dac_bits"), 1, "1 bit per cycle");
  mac.input.pulse_levels = in.small_count("pulse_levels");
  if (*mac.input.encoding == InputEncoding::kPulseWidth && mac.input_bits->max <= 20)
    mac.input.pulse_levels = or_default(mac.input.pulse_levels, 1 << mac.input_bits->max, "2^input_bits.max");
  mac.input.pulse_coding = in.choice<PulseCoding>("pulse_coding", pulse_coding_from_name, enum_names(pulse_coding_name));
  if (*mac.input.encoding == InputEncoding::kPulseWidth)
    mac.input.pulse_coding = or_default(mac.input.pulse_coding, PulseCoding::kDuration, "duration (one pulse)");
  in.finish();

  Section adc = m.child("adc");
  if (analog && !adc.present())
    m.fail_missing("adc", "{kind: sar, bits: 8, cols_per_adc: 8}");
  if (!analog && adc.present())
    m.fail_at("adc", fmt::format("route {} reads out digitally and has no ADC", route_name(route)),
              "remove macro.adc, or choose an analog route (sram_analog, sram_charge, reram, pcm, ...)");
  mac.adc.kind = adc.choice<AdcKind>("kind", adc_kind_from_name, enum_names(adc_kind_name));
  mac.adc.bits = adc.small_count("bits");
  mac.adc.cols_per_adc = adc.count("cols_per_adc");
  mac.adc.step_time_s = adc.quantity("step_time", Dimension::kTime);
  if (adc.present()) {
    require(mac.adc.kind, adc, "kind", "sar");
    require(mac.adc.bits, adc, "bits", "8");
    mac.adc.cols_per_adc = or_default(mac.adc.cols_per_adc, int64_t{1}, "one ADC per column");
  }
  adc.finish();

  Section tree = m.child("adder_tree");
  if (analog && tree.present())
    m.fail_at("adder_tree", fmt::format("route {} accumulates in the analog domain; adder_tree is for digital routes",
                                        route_name(route)),
              "remove macro.adder_tree, or choose route sram_digital");
  mac.adder_tree.inputs = tree.count("inputs");
  mac.adder_tree.output_bits = tree.small_count("output_bits");
  if (!analog) {
    mac.adder_tree.inputs = or_default(mac.adder_tree.inputs, *mac.rows_active, "rows_active");
    mac.adder_tree.output_bits = or_default(mac.adder_tree.output_bits,
                                            ceil_log2(std::max<int64_t>(1, *mac.adder_tree.inputs)) + 1,
                                            "ceil(log2(inputs)) + 1");
  }
  tree.finish();

  const int lossless = mac.weight_bits->max + mac.input_bits->max +
                       ceil_log2(std::max<int64_t>(1, *mac.rows_active));
  mac.shift_add_bits = or_default(m.small_count("shift_add_bits"), lossless,
                                  "weight_bits.max + input_bits.max + ceil(log2 rows_active) (lossless)");
  mac.accumulator_bits = or_default(m.small_count("accumulator_bits"), *mac.shift_add_bits, "shift_add_bits");
  mac.g_min_s = m.quantity("g_min", Dimension::kConductance);
  mac.g_max_s = m.quantity("g_max", Dimension::kConductance);
  mac.read_voltage_v = m.quantity("read_voltage", Dimension::kVoltage);
  mac.wire_resistance_ohm = m.quantity("wire_resistance", Dimension::kResistance);
  mac.cell_area_m2 = m.quantity("cell_area", Dimension::kArea);
  mac.array_read_time_s =
      or_default(m.quantity("array_read_time", Dimension::kTime), 1.0 / *spec.clock_hz, "one clock cycle");
  m.finish();
  return mac;
}

VonNeumannSpec read_von_neumann(Section v, Section& top) {
  if (!v.present()) top.fail_missing("von_neumann", "{peak: {int8: \"624 TOPS\"}, tdp: \"400 W\"}");
  VonNeumannSpec out;
  Section peak = v.child("peak");
  if (!peak.present()) v.fail_missing("peak", "{int8: \"624 TOPS\", fp16: \"312 TFLOPS\"}");
  for (const auto& name : enum_names(precision_name)) {
    Field<double> f = peak.quantity(name, Dimension::kOpsPerSecond);
    if (f.has_value()) out.peak_ops_per_s.emplace(*precision_from_name(name), f);
  }
  peak.finish();
  if (out.peak_ops_per_s.empty()) v.fail_at("peak", "no peak throughput given", "add e.g. 'int8: \"624 TOPS\"'");
  out.tdp_w = require(v.quantity("tdp", Dimension::kPower), v, "tdp", "\"400 W\"");
  out.on_chip_sram_bytes = v.bytes("on_chip_sram");
  v.finish();
  return out;
}

}  // namespace

ChipSpec read_chip(YamlDoc& doc, const YAML::Node& root, const std::string& id) {
  ChipSpec spec;
  spec.id = id;
  spec.source_path = doc.file;
  if (!root.IsDefined() || root.IsNull())
    fail(doc.file, "empty chip description", "start from a preset in presets/ (see docs/chip-format.md)");
  Section top(doc, root, "", root.Mark());
  if (top.peek("measured"))
    top.fail_at("measured", "published results do not belong in a chip description (they would leak into the model)",
                "remove it; published figures live in data/published-cim.yaml — link the record with "
                "'reference: <id>'");
  read_assumptions(doc, top, spec);
  spec.name = *require(top.text("name"), top, "name", "\"My chip\"");
  spec.summary = *require(top.text("summary"), top, "summary", "\"one line\"");
  spec.citation = *require(top.text("citation"), top, "citation", "\"Author et al., Venue Year, DOI\"");
  spec.reference_id = top.text("reference").value_or("");
  read_sized_from(doc, top, spec);
  spec.route = *require(top.choice<Route>("route", route_from_name, enum_names(route_name)), top, "route", "reram");
  spec.node_nm = require(top.quantity("node", Dimension::kLength, 1e9), top, "node", "\"22 nm\"");
  spec.vdd_v = top.quantity("vdd", Dimension::kVoltage);  // required on CIM routes (GPUs do not publish it)
  if (spec.is_cim()) require(spec.vdd_v, top, "vdd", "\"0.8 V\"");
  spec.clock_hz = require(top.quantity("clock", Dimension::kFrequency), top, "clock", "\"200 MHz\"");
  if (*spec.clock_hz <= 0) top.fail_at("clock", "clock must be positive", "give the core clock, e.g. \"200 MHz\"");

  if (spec.is_cim()) {
    if (top.has("von_neumann"))
      top.fail_at("von_neumann", fmt::format("route {} is a compute-in-memory route", route_name(spec.route)),
                  "remove 'von_neumann', or set route to gpu/npu/cpu");
    Section m = top.child("macro");
    if (!m.present()) top.fail_missing("macro", "{rows: 256, cols: 256, cell: 1t1r, weight_bits: 8, input_bits: 8}");
    spec.macro = read_macro(m, spec);
    Section t = top.child("tiles");
    spec.tiles.count = or_default(t.count("count"), int64_t{1}, "one tile");
    spec.tiles.macros_per_tile = or_default(t.count("macros_per_tile"), int64_t{1}, "one macro per tile");
    spec.tiles.buffer = read_buffer(t.child("buffer"));
    t.finish();
  } else {
    for (const char* key : {"macro", "tiles"})
      if (top.has(key))
        top.fail_at(key, fmt::format("route {} is a von Neumann baseline and has no CIM {}", route_name(spec.route), key),
                    fmt::format("remove '{}', or choose a CIM route", key));
    Section v = top.child("von_neumann");
    spec.von_neumann = read_von_neumann(v, top);
  }
  spec.global_buffer = read_buffer(top.child("global_buffer"));

  Section noc = top.child("noc");
  const bool one_tile = !spec.is_cim() || *spec.tiles.count == 1;
  spec.noc.kind = or_default(noc.choice<NocKind>("kind", noc_kind_from_name, enum_names(noc_kind_name)),
                             one_tile ? NocKind::kNone : NocKind::kMesh,
                             one_tile ? "none (a single tile)" : "mesh (several tiles)");
  spec.noc.link_bits = noc.small_count("link_bits");
  if (*spec.noc.kind != NocKind::kNone) spec.noc.link_bits = or_default(spec.noc.link_bits, 64, "64-bit links");
  spec.noc.hop_length_mm = noc.quantity("hop_length", Dimension::kLength, 1e3);
  noc.finish();

  Section dram = top.child("dram");
  spec.dram.kind = or_default(dram.choice<DramKind>("kind", dram_kind_from_name, enum_names(dram_kind_name)),
                              DramKind::kNone, "no DRAM");
  spec.dram.capacity_bytes = dram.bytes("capacity");
  spec.dram.bandwidth_bytes_per_s = dram.quantity("bandwidth", Dimension::kBandwidth);
  if (spec.dram.present()) {
    require(spec.dram.capacity_bytes, dram, "capacity", "\"8 GiB\"");
    require(spec.dram.bandwidth_bytes_per_s, dram, "bandwidth", "\"25.6 GB/s\"");
  } else {
    for (const char* key : {"capacity", "bandwidth"})
      if (dram.has(key)) dram.fail_at(key, "set although dram.kind is none", "give dram.kind, or remove " + std::string(key));
  }
  dram.finish();

  Section host = top.child("host");
  spec.host.kind = host.text("kind");
  spec.host.ops_per_s = host.quantity("ops_per_s", Dimension::kOpsPerSecond);
  spec.host.energy_per_op_j = host.quantity("energy_per_op", Dimension::kEnergy);
  if (host.present()) require(spec.host.kind, host, "kind", "\"RISC-V RV32IMC\"");
  host.finish();

  Section du = top.child("digital_unit");
  spec.digital_unit.lanes = du.count("lanes");
  spec.digital_unit.lane_bits = du.small_count("lane_bits");
  if (du.present()) {
    require(spec.digital_unit.lanes, du, "lanes", "64");
    spec.digital_unit.lane_bits = or_default(spec.digital_unit.lane_bits, 8, "8-bit lanes");
  }
  du.finish();

  top.finish();
  for (const auto& a : spec.assumptions)
    if (!a.field.empty() && !doc.set_paths.count(a.field))
      fail(doc.file, "assumptions: '" + a.field + "' is not a field this file sets",
           "an assumption names a field path written in this file, e.g. 'macro.adc.bits'");
  return spec;
}

}  // namespace ohmic::arch::detail
