#include "ohmic/cost/bottlenecks.h"

#include <fmt/format.h>

#include "ohmic/arch/loader.h"
#include "ohmic/cost/components/adc_model.h"
#include "ohmic/cost/macro_model.h"

namespace ohmic::cost {
namespace {

double value_of(const std::vector<EnergyShare>& v, const std::string& c) {
  for (const auto& s : v)
    if (s.component == c) return s.value;
  return 0;
}
double total_of(const std::vector<EnergyShare>& v) {
  double t = 0;
  for (const auto& s : v) t += s.value;
  return t;
}

}  // namespace

std::vector<AdcShare> adc_shares(const arch::ChipSpec& chip, const std::vector<int>& bits) {
  std::vector<AdcShare> out;
  if (!arch::is_analog(chip.route)) return out;
  for (int b : bits) {
    const auto variant = chip.source_path.empty() || chip.source_path == "<text>"
                             ? nullptr
                             : arch::load_chip(chip.source_path, {{"macro.adc.bits", std::to_string(b)}});
    const arch::ChipSpec& c = variant ? *variant : chip;
    const MacroPeak p = macro_peak(c, native_point(c));
    AdcShare s;
    s.chip_id = chip.id;
    s.route = arch::route_name(chip.route);
    s.adc_bits = variant ? b : *chip.macro.adc.bits;
    s.energy_share = value_of(p.energy_per_mvm, "adc") / total_of(p.energy_per_mvm);
    s.area_share = value_of(p.area_um2, "adc") / total_of(p.area_um2);
    s.tops_per_w = p.tops_per_w();
    out.push_back(s);
    if (!variant) break;
  }
  return out;
}

BottleneckFindings bottleneck_findings(const arch::ChipSpec& chip, const ChipEstimate* estimate) {
  BottleneckFindings f;
  f.adc_shares = adc_shares(chip);
  f.growth_node_nm = *chip.node_nm;
  f.growth_rate_per_s = 100e6;  // survey reference rate unless the chip's own ADC rate is known
  if (chip.is_cim() && arch::is_analog(chip.route)) {
    const MacroModel mm = macro_model(chip, native_point(chip));
    // Each ADC converts its share of one read's conversions (a whole number, hence the macro model's ceiling) per
    // slice. The share counts conversions, not columns: an ADC that combines a weight's columns converts once per
    // weight (the same count macro_model() prices).
    if (mm.conversions_per_adc > 0)
      f.growth_rate_per_s = static_cast<double>(mm.conversions_per_adc) / mm.slice_time_s;
  }
  // At the chip's supply, as the macro model prices a conversion (adc_model.h).
  const double supply = chip.vdd_v.has_value() ? adc_supply_scale(f.growth_node_nm, *chip.vdd_v) : 1.0;
  for (int b = 4; b <= 12; b += 2) {
    const AdcCost a = murmann_adc(b, f.growth_rate_per_s, f.growth_node_nm);
    f.adc_growth.push_back({b, a.energy_j * supply, a.area_um2});
  }
  if (estimate && chip.is_cim() && !estimate->layers.empty()) {
    MacroVsChip m;
    m.chip_id = chip.id;
    m.workload = estimate->workload_name;
    const OperatingPoint p = native_point(chip);
    m.precision = fmt::format("{}b input / {}b weight", p.input_bits, p.weight_bits);
    m.macro_tops_per_w = macro_peak(chip, p).tops_per_w();
    m.chip_tops_per_w = estimate->effective_tops_per_w();
    f.macro_vs_chip = m;
  }
  return f;
}

std::string bottleneck_text(const BottleneckFindings& f) {
  std::string o = "bottleneck findings\n";
  if (!f.adc_shares.empty()) {
    o += "  ADC share of the macro (energy per MVM, area) by ADC resolution:\n";
    for (const auto& s : f.adc_shares)
      o += fmt::format("    {:<26} {:>2}-bit ADC: {:5.1f}% of energy, {:5.1f}% of area, macro {:.4g} TOPS/W\n", s.chip_id,
                       s.adc_bits, 100 * s.energy_share, 100 * s.area_share, s.tops_per_w);
  } else {
    o += "  no ADCs (digital route)\n";
  }
  o += fmt::format("  ADC energy per conversion vs resolution (Murmann-survey fit, {:.0f} nm, {:.3g} MS/s):\n",
                   f.growth_node_nm, f.growth_rate_per_s * 1e-6);
  for (size_t i = 0; i < f.adc_growth.size(); ++i) {
    const auto& g = f.adc_growth[i];
    o += fmt::format("    {:>2} bits: {:10.4g} pJ, {:10.4g} um2{}\n", g.bits, g.energy_j * 1e12, g.area_um2,
                     i ? fmt::format("  (x{:.2f} energy per +2 bits)", g.energy_j / f.adc_growth[i - 1].energy_j) : "");
  }
  if (f.macro_vs_chip) {
    const auto& m = *f.macro_vs_chip;
    o += fmt::format("  macro peak vs full chip ({}, {}): {:.4g} vs {:.4g} TOPS/W — the chip reaches {:.1f}% of the macro "
                     "peak\n",
                     m.chip_id, m.workload, m.macro_tops_per_w, m.chip_tops_per_w, 100 / m.ratio());
  }
  return o;
}

nlohmann::json bottleneck_json(const BottleneckFindings& f) {
  nlohmann::json j;
  j["adc_shares"] = nlohmann::json::array();
  for (const auto& s : f.adc_shares)
    j["adc_shares"].push_back({{"chip", s.chip_id},
                               {"route", s.route},
                               {"adc_bits", s.adc_bits},
                               {"energy_share", s.energy_share},
                               {"area_share", s.area_share},
                               {"macro_tops_per_w", s.tops_per_w}});
  j["adc_growth"] = {{"node_nm", f.growth_node_nm}, {"conversions_per_s", f.growth_rate_per_s}, {"points", nlohmann::json::array()}};
  for (const auto& g : f.adc_growth)
    j["adc_growth"]["points"].push_back({{"bits", g.bits}, {"energy_j", g.energy_j}, {"area_um2", g.area_um2}});
  if (f.macro_vs_chip)
    j["macro_vs_chip"] = {{"chip", f.macro_vs_chip->chip_id},
                          {"workload", f.macro_vs_chip->workload},
                          {"precision", f.macro_vs_chip->precision},
                          {"macro_tops_per_w", f.macro_vs_chip->macro_tops_per_w},
                          {"chip_tops_per_w", f.macro_vs_chip->chip_tops_per_w},
                          {"ratio", f.macro_vs_chip->ratio()}};
  return j;
}

}  // namespace ohmic::cost
