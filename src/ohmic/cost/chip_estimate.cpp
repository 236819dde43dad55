#include "ohmic/cost/chip_estimate.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/components/array_model.h"
#include "ohmic/cost/components/digital_logic.h"
#include "ohmic/cost/components/sram_buffer.h"
#include "ohmic/cost/components/wire_model.h"
#include "ohmic/cost/macro_model.h"
#include "ohmic/cost/simple_mapping.h"

namespace ohmic::cost {
namespace {

constexpr double kLogicUtilization = 0.7;  // same convention as macro_model.cpp

struct Prices {
  const arch::ChipSpec* chip = nullptr;
  ChipResources res;
  std::map<std::pair<int, int>, MacroModel> macros;  // by (input bits, weight bits)
  SramCost global, tile;
  double noc_j_per_bit = 0;
  double digital_op_j = 0;
  int acc_bits = 24;
  double leakage_w = 0;

  const MacroModel& macro(const OperatingPoint& p) {
    const auto key = std::make_pair(p.input_bits, p.weight_bits);
    auto it = macros.find(key);
    if (it == macros.end()) it = macros.emplace(key, macro_model(*chip, p)).first;
    return it->second;
  }
};

double buffer_leakage_w(const ChipResources& r) {
  double w = 0;
  if (r.global_buffer_bytes > 0) w += sram_buffer(r.global_buffer_bytes, r.global_buffer_width_bits, r.node_nm, r.vdd_v).leakage_w;
  if (r.tile_buffer_bytes > 0)
    w += static_cast<double>(r.tiles) *
         sram_buffer(r.tile_buffer_bytes, r.tile_buffer_width_bits, r.node_nm, r.vdd_v).leakage_w;
  return w;
}

std::map<std::string, double> area_from(const arch::ChipSpec& chip, const ChipResources& r) {
  std::map<std::string, double> a;
  for (const auto& c : area_components()) a[c] = 0;
  const MacroModel mm = macro_model(chip, native_point(chip));
  const double n = static_cast<double>(chip.macro_count());
  a["array"] = n * mm.area.cells_um2 * 1e-6;
  a["dac"] = n * mm.area.dac_um2 * 1e-6;
  a["adc"] = n * mm.area.adc_um2 * 1e-6;
  a["digital"] = n * mm.area.digital_um2 * 1e-6;
  if (r.global_buffer_bytes > 0)
    a["buffers"] += sram_buffer(r.global_buffer_bytes, r.global_buffer_width_bits, r.node_nm, r.vdd_v).area_mm2;
  if (r.tile_buffer_bytes > 0)
    a["buffers"] += static_cast<double>(r.tiles) *
                    sram_buffer(r.tile_buffer_bytes, r.tile_buffer_width_bits, r.node_nm, r.vdd_v).area_mm2;
  if (r.digital_lanes > 0)
    a["digital_unit"] = static_cast<double>(r.digital_lanes) *
                        digital_mac(r.digital_lane_bits, r.digital_lane_bits, {r.node_nm, r.vdd_v}).area_um2 /
                        kLogicUtilization * 1e-6;
  return a;
}

double sum(const std::map<std::string, double>& m) {
  double s = 0;
  for (const auto& [k, v] : m) s += v;
  return s;
}

LayerEstimate price_layer(const LayerActions& a, Prices& p, int64_t batch) {
  const ChipResources& r = p.res;
  const LogicTech tech{r.node_nm, r.vdd_v};
  LayerEstimate e;
  e.name = a.name;
  e.kind = a.kind;
  e.repeat = a.repeat;
  e.macs = a.macs * static_cast<double>(a.repeat);
  e.weights_resident = a.weights_resident;
  e.macros_used = a.macros_used;
  auto& en = e.energy_by_component_j;
  for (const auto& c : energy_components()) en[c] = 0;
  const double per_batch = 1.0 / static_cast<double>(batch);

  double t_array = 0, t_write = 0;
  if (a.macros_used > 0) {
    const MacroModel& mm = p.macro(a.point);
    en["array"] = a.cell_reads * mm.energy.cell;
    en["dac"] = a.dac_conversions * mm.energy.dac_per_row;
    en["adc"] = a.adc_conversions * mm.energy.adc_per_conversion;
    en["digital"] = a.column_ops * mm.energy.digital_per_column + a.weight_combines * mm.energy.combine_per_weight +
                    a.partial_sum_adds * adder(p.acc_bits, tech).energy_j;
    t_array = a.serial_slices * mm.slice_time_s * static_cast<double>(batch);
    if (a.cells_written > 0) {
      const CellWrite w = cell_write(p.chip->route, r.node_nm, r.vdd_v);
      en["weight_write"] = a.cells_written * w.energy_j * per_batch;
      t_write = a.rows_written_serial * w.time_s;
    }
  }
  en["digital"] += a.digital_ops * p.digital_op_j;
  if (a.digital_macs > 0) en["digital"] += a.digital_macs * digital_mac(a.digital_mac_bits, a.digital_mac_bits, tech).energy_j;
  en["host"] = a.host_ops * r.host_energy_per_op_j;

  const double bits_per_global = 1.0 / std::max(1, r.global_buffer_width_bits);
  const double global_bits = a.global_buffer_read_bits + a.global_buffer_write_bits;
  if (r.global_buffer_bytes > 0) {
    en["buffers"] += (a.global_buffer_read_bits * p.global.read_energy_j +
                      a.global_buffer_write_bits * p.global.write_energy_j) * bits_per_global;
  } else {  // tile buffers act as the store
    en["buffers"] += (a.global_buffer_read_bits * p.tile.read_energy_j + a.global_buffer_write_bits * p.tile.write_energy_j) /
                     std::max(1, r.tile_buffer_width_bits);
  }
  if (r.tile_buffer_bytes > 0)
    en["buffers"] += (a.tile_buffer_read_bits * p.tile.read_energy_j + a.tile_buffer_write_bits * p.tile.write_energy_j) /
                     std::max(1, r.tile_buffer_width_bits);
  en["noc"] = a.noc_bits * p.noc_j_per_bit;
  const double dram_bits = a.dram_read_bits + a.dram_write_bits;
  en["dram"] = (dram_bits + a.weight_bits_loaded * per_batch) * r.dram_energy_per_bit_j;

  // Latency of the whole batch for one repeat: the slowest resource, plus array writes that cannot overlap.
  const double b = static_cast<double>(batch);
  const double t_dram = (dram_bits * b + a.weight_bits_loaded) / 8 / r.dram_bandwidth_bytes_per_s;
  const double t_buffer = global_bits * b / (std::max(1, r.store_width_bits) * r.clock_hz);
  const double t_digital = r.digital_ops_per_s > 0 ? (a.digital_ops + a.digital_macs) * b / r.digital_ops_per_s : 0;
  const double t_host = a.host_ops * b / r.host_ops_per_s;
  const std::pair<double, const char*> times[] = {
      {t_array, "array"}, {t_dram, "dram"}, {t_buffer, "buffer"}, {t_digital, "digital"}, {t_host, "host"}};
  const auto* worst = &times[0];
  for (const auto& t : times)
    if (t.first > worst->first) worst = &t;
  e.bottleneck = worst->second;
  e.latency_s = (worst->first + t_write) * static_cast<double>(a.repeat);
  if (t_write > worst->first) e.bottleneck = "weight_write";
  for (auto& [k, v] : en) v *= static_cast<double>(a.repeat);
  e.energy_j = sum(en);
  return e;
}

}  // namespace

const std::vector<std::string>& energy_components() {
  static const std::vector<std::string> c{"array", "dac",          "adc",  "digital", "buffers",
                                          "noc",   "dram",         "weight_write", "host",    "leakage"};
  return c;
}

const std::vector<std::string>& area_components() {
  static const std::vector<std::string> c{"array", "dac", "adc", "digital", "buffers", "digital_unit"};
  return c;
}

std::map<std::string, double> chip_area_mm2(const arch::ChipSpec& chip) { return area_from(chip, chip_resources(chip)); }

ChipEstimate price_mapping(const MappingSummary& mapping, const arch::ChipSpec& chip, const std::string& workload_name) {
  Prices p;
  p.chip = &chip;
  p.res = chip_resources(chip);
  const ChipResources& r = p.res;
  if (r.global_buffer_bytes > 0)
    p.global = sram_buffer(r.global_buffer_bytes, r.global_buffer_width_bits, r.node_nm, r.vdd_v);
  if (r.tile_buffer_bytes > 0) p.tile = sram_buffer(r.tile_buffer_bytes, r.tile_buffer_width_bits, r.node_nm, r.vdd_v);
  p.acc_bits = chip.macro.accumulator_bits.value_or(24);
  p.digital_op_j = digital_mac(r.digital_lane_bits, r.digital_lane_bits, {r.node_nm, r.vdd_v}).energy_j;

  ChipEstimate est;
  est.chip_id = chip.id;
  est.workload_name = workload_name;
  est.batch = mapping.batch;
  est.area_by_component_mm2 = area_from(chip, r);
  est.area_mm2 = sum(est.area_by_component_mm2);
  const double hop_mm = r.noc_hop_length_mm > 0 ? r.noc_hop_length_mm
                                                 : std::sqrt(est.area_mm2 / static_cast<double>(std::max<int64_t>(1, r.tiles)));
  p.noc_j_per_bit = r.noc_average_hops * hop_mm * wire_energy_per_bit_mm_j(r.node_nm, r.vdd_v);
  const double macro_leak = p.macro(native_point(chip)).leakage_w * static_cast<double>(chip.macro_count());
  p.leakage_w = macro_leak + buffer_leakage_w(r);

  for (const auto& c : energy_components()) est.energy_by_component_j[c] = 0;
  for (const LayerActions& a : mapping.layers) {
    LayerEstimate le = price_layer(a, p, mapping.batch);
    est.macs_per_sample += le.macs;
    est.latency_s += le.latency_s;
    est.latency_by_bottleneck_s[le.bottleneck] += le.latency_s;
    for (const auto& [k, v] : le.energy_by_component_j) est.energy_by_component_j[k] += v;
    est.layers.push_back(std::move(le));
  }
  // Leakage over the batch's latency, shared by its samples; attributed to layers by their time.
  const double leak_per_sample = p.leakage_w * est.latency_s / static_cast<double>(mapping.batch);
  est.energy_by_component_j["leakage"] = leak_per_sample;
  for (auto& le : est.layers) {
    const double share = est.latency_s > 0 ? le.latency_s / est.latency_s : 0;
    le.energy_by_component_j["leakage"] = leak_per_sample * share;
    le.energy_j += leak_per_sample * share;
  }
  est.energy_per_sample_j = sum(est.energy_by_component_j);
  est.samples_per_s = est.latency_s > 0 ? static_cast<double>(mapping.batch) / est.latency_s : 0;
  est.macros_available = mapping.macros_available;
  est.macros_needed = mapping.macros_needed;
  est.weight_bits_total = mapping.weight_bits_total;
  est.all_weights_resident = mapping.all_weights_resident;
  est.assumptions = mapping.assumptions;
  if (!mapping.all_weights_resident)
    est.assumptions.push_back(fmt::format(
        "the weights need {} macros but the chip has {}: layers that do not fit are reloaded from DRAM for every batch",
        mapping.macros_needed, mapping.macros_available));
  return est;
}

ChipEstimate estimate_chip(const Workload& workload, const arch::ChipSpec& chip, int64_t batch) {
  const ChipResources res = chip_resources(chip);
  const MappingSummary m = simple_mapping(workload, chip, res, batch);
  return price_mapping(m, chip, workload.name);
}

}  // namespace ohmic::cost
