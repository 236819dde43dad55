#include "ohmic/cost/report.h"

#include <cmath>

#include <fmt/format.h>

namespace ohmic::cost {
namespace {

std::string eng(double v, const char* unit) {
  if (std::string(unit) == "mm2") return fmt::format("{:.4g} mm2", v);  // areas: no prefixes on a squared unit
  static const char* prefixes[] = {"f", "p", "n", "u", "m", "", "k", "M", "G", "T", "P"};
  if (v == 0) return fmt::format("0 {}", unit);
  int idx = 5;
  double x = v;
  while (std::abs(x) >= 1000 && idx < 10) x /= 1000, ++idx;
  while (std::abs(x) < 1 && idx > 0) x *= 1000, --idx;
  return fmt::format("{:.3g} {}{}", x, prefixes[idx], unit);
}

// "3.1x less energy" for r >= 1, "2.2x MORE energy" for r < 1.
std::string ratio_text(double r, const char* better, const char* worse) {
  return r >= 1 ? fmt::format("{:.3g}x {}", r, better) : fmt::format("{:.3g}x {}", 1 / r, worse);
}

std::string pct(double part, double total) { return total > 0 ? fmt::format("{:5.1f}%", 100 * part / total) : "   - "; }

void breakdown(std::string& out, const std::map<std::string, double>& m, const std::vector<std::string>& order,
               const char* unit) {
  double total = 0;
  for (const auto& [k, v] : m) total += v;
  for (const auto& k : order) {
    const auto it = m.find(k);
    if (it == m.end() || it->second == 0) continue;
    out += fmt::format("    {:<14}{:>14} {}\n", k, eng(it->second, unit), pct(it->second, total));
  }
}

}  // namespace

nlohmann::json macro_peak_json(const MacroPeak& p) {
  nlohmann::json j;
  j["input_bits"] = p.point.input_bits;
  j["weight_bits"] = p.point.weight_bits;
  j["vdd_v"] = p.point.vdd_v;
  j["clock_hz"] = p.point.clock_hz;
  j["tops"] = p.tops();
  j["tops_per_w"] = p.tops_per_w();
  j["tops_per_mm2"] = p.tops_per_mm2();
  j["area_mm2"] = p.area_mm2;
  j["power_w"] = p.power_w;
  j["bottleneck"] = p.bottleneck;
  for (const auto& s : p.energy_per_mvm) j["energy_per_mvm_j"][s.component] = s.value;
  for (const auto& s : p.area_um2) j["area_um2"][s.component] = s.value;
  return j;
}

nlohmann::json chip_estimate_json(const ChipEstimate& e) {
  nlohmann::json j;
  j["workload"] = e.workload_name;
  j["batch"] = e.batch;
  j["macs_per_sample"] = e.macs_per_sample;
  j["energy_per_sample_j"] = e.energy_per_sample_j;
  j["latency_s"] = e.latency_s;
  j["samples_per_s"] = e.samples_per_s;
  j["effective_tops"] = e.effective_tops();
  j["effective_tops_per_w"] = e.effective_tops_per_w();
  j["power_w"] = e.power_w();
  j["area_mm2"] = e.area_mm2;
  j["energy_by_component_j"] = e.energy_by_component_j;
  j["area_by_component_mm2"] = e.area_by_component_mm2;
  j["latency_by_bottleneck_s"] = e.latency_by_bottleneck_s;
  j["weights"] = {{"bits", e.weight_bits_total},
                  {"macros_needed", e.macros_needed},
                  {"macros_available", e.macros_available},
                  {"all_resident", e.all_weights_resident}};
  j["assumptions"] = e.assumptions;
  j["layers"] = nlohmann::json::array();
  for (const auto& l : e.layers)
    j["layers"].push_back({{"name", l.name},
                           {"kind", l.kind},
                           {"repeat", l.repeat},
                           {"macs", l.macs},
                           {"energy_j", l.energy_j},
                           {"energy_by_component_j", l.energy_by_component_j},
                           {"latency_s", l.latency_s},
                           {"bottleneck", l.bottleneck},
                           {"weights_resident", l.weights_resident},
                           {"macros_used", l.macros_used}});
  return j;
}

nlohmann::json estimate_json(const EstimateReport& r) {
  nlohmann::json j;
  j["chip"] = {{"id", r.chip_id}, {"name", r.chip_name}, {"route", r.route}};
  j["macro_peak"] = macro_peak_json(r.macro);
  j["phases"] = nlohmann::json::array();
  for (const auto& p : r.phases) {
    nlohmann::json pj = chip_estimate_json(p.chip);
    pj["phase"] = p.phase;
    if (p.tokens_per_sample > 0) {
      pj["tokens_per_sample"] = p.tokens_per_sample;
      pj["tokens_per_s"] = p.tokens_per_s();
      pj["joules_per_token"] = p.joules_per_token();
    }
    pj["baselines"] = nlohmann::json::array();
    for (const auto& b : p.baselines)
      pj["baselines"].push_back({{"id", b.chip_id},
                                 {"name", b.chip_name},
                                 {"precision", b.precision},
                                 {"energy_per_sample_j", b.energy_per_sample_j},
                                 {"latency_s", b.latency_s},
                                 {"samples_per_s", b.samples_per_s},
                                 {"dram_bytes_per_sample", b.dram_bytes_per_sample},
                                 {"memory_bound_s", b.memory_bound_s},
                                 {"compute_bound_s", b.compute_bound_s},
                                 {"weights_on_chip", b.weights_on_chip},
                                 {"assumptions", b.assumptions},
                                 {"energy_ratio", b.energy_per_sample_j / p.chip.energy_per_sample_j},
                                 {"speed_ratio", p.chip.samples_per_s / b.samples_per_s}});
    j["phases"].push_back(std::move(pj));
  }
  return j;
}

std::string estimate_text(const EstimateReport& r, bool per_layer) {
  std::string o;
  const MacroPeak& m = r.macro;
  o += fmt::format("chip: {} ({}), route {}\n\n", r.chip_name, r.chip_id, r.route);
  o += fmt::format("macro peak at {}b input / {}b weight, {:.2f} V, {}:\n", m.point.input_bits, m.point.weight_bits,
                   m.point.vdd_v, eng(m.point.clock_hz, "Hz"));
  o += fmt::format("  {:.4g} TOPS, {:.4g} TOPS/W, {:.4g} TOPS/mm2 (area {:.4g} mm2, limited by {})\n", m.tops(),
                   m.tops_per_w(), m.tops_per_mm2(), m.area_mm2, m.bottleneck);
  std::map<std::string, double> me, ma;
  for (const auto& s : m.energy_per_mvm) me[s.component] = s.value;
  for (const auto& s : m.area_um2) ma[s.component] = s.value * 1e-6;
  o += "  energy per MVM:\n";
  breakdown(o, me, {"array", "dac", "adc", "digital", "leakage"}, "J");
  o += "  area:\n";
  breakdown(o, ma, {"array", "dac", "adc", "digital"}, "mm2");

  for (const auto& p : r.phases) {
    const ChipEstimate& e = p.chip;
    o += fmt::format("\n{} — {} (batch {}), {:.4g} GMAC per sample, {:.3g} Mbit of weights\n", p.phase, e.workload_name,
                     e.batch, e.macs_per_sample * 1e-9, e.weight_bits_total * 1e-6);
    o += fmt::format("  energy per sample {}, latency per batch {}, {:.4g} samples/s, power {}\n",
                     eng(e.energy_per_sample_j, "J"), eng(e.latency_s, "s"), e.samples_per_s, eng(e.power_w(), "W"));
    if (p.tokens_per_sample > 0)
      o += fmt::format("  {:.4g} tokens/s, {} per token\n", p.tokens_per_s(), eng(p.joules_per_token(), "J"));
    o += fmt::format("  effective {:.4g} TOPS, {:.4g} TOPS/W; chip area {:.4g} mm2; weights {} ({} of {} macros)\n",
                     e.effective_tops(), e.effective_tops_per_w(), e.area_mm2,
                     e.all_weights_resident ? "resident" : "RELOADED from DRAM", e.macros_needed, e.macros_available);
    o += "  energy by component:\n";
    breakdown(o, e.energy_by_component_j, energy_components(), "J");
    o += "  area by component:\n";
    breakdown(o, e.area_by_component_mm2, area_components(), "mm2");
    o += "  latency by bottleneck:\n";
    breakdown(o, e.latency_by_bottleneck_s, {"array", "dram", "buffer", "digital", "host", "weight_write"}, "s");
    if (per_layer) {
      o += fmt::format("  {:<28}{:>12}{:>12}{:>12}{:>12}  {}\n", "layer", "kind", "GMAC", "energy", "latency", "bound");
      for (const auto& l : e.layers)
        o += fmt::format("  {:<28}{:>12}{:>12.4g}{:>12}{:>12}  {}{}\n", l.name + (l.repeat > 1 ? fmt::format(" x{}", l.repeat) : ""),
                         l.kind, l.macs * 1e-9, eng(l.energy_j, "J"), eng(l.latency_s, "s"), l.bottleneck,
                         l.weights_resident ? "" : " (reloaded)");
    }
    if (!p.baselines.empty()) {
      o += "  von Neumann baselines (roofline at datasheet peak, energy = TDP x time):\n";
      for (const auto& b : p.baselines)
        o += fmt::format("    {:<22} {:>5} {:>12}/sample {:>10.4g} samples/s  -> CIM: {}, {}\n", b.chip_id,
                         b.precision, eng(b.energy_per_sample_j, "J"), b.samples_per_s,
                         ratio_text(b.energy_per_sample_j / e.energy_per_sample_j, "less energy", "MORE energy"),
                         ratio_text(e.samples_per_s / b.samples_per_s, "faster", "slower"));
    }
    for (const auto& a : e.assumptions) o += "  note: " + a + "\n";
  }
  return o;
}

}  // namespace ohmic::cost
