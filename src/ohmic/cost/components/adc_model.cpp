#include "ohmic/cost/components/adc_model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/node_scaling.h"

namespace ohmic::cost {

AdcCost murmann_adc(double bits, double conversions_per_s, double node_nm) {
  if (!(bits > 0) || !(conversions_per_s > 0) || !(node_nm > 0))
    fail("cost/adc", fmt::format("bits ({}), conversion rate ({}/s) and node ({} nm) must be positive", bits,
                                 conversions_per_s, node_nm));
  // Fit to Murmann's survey, Accelergy ADC plug-in (arXiv 2404.06553); b = ENOB, f = conversions/s, T = node.
  const double b = std::max(bits, 4.0);
  const double f = conversions_per_s;
  const double sndr_db = 6.0206 * b + 1.7609;
  const double fom_s_db = std::min(213.7807 - 2.87190 * std::log(f), 128.3068 + 3.22051 * std::ceil(b));
  const double e0_pj = 1.0 / (2.0 * std::pow(10.0, (fom_s_db - sndr_db) / 10.0));
  const double energy_pj =
      e0_pj * std::exp(26.04962 + 1.880037 * std::log(node_nm) - 2.829126 * std::log(b) - 1.470202);
  const double area_um2 =
      std::exp(1.346192 + 0.993279 * std::log(node_nm) + 0.180715 * std::log(f) + 0.299124 * std::log(energy_pj));
  return {energy_pj * 1e-12, area_um2};
}

AdcCost zigzag_adc_28nm(int bits, double vdd_v) {
  if (bits <= 0 || !(vdd_v > 0)) fail("cost/adc", fmt::format("bits ({}) and vdd ({} V) must be positive", bits, vdd_v));
  // ZigZag-IMC (Sun et al., 2023), 28 nm SRAM-CIM ADC: energy and area forms.
  const double b = bits;
  const double energy_j = (100e-15 * b + 0.001e-15 * std::pow(4.0, b)) * vdd_v * vdd_v;
  const double area_um2 = std::pow(10.0, -0.0369 * b + 1.206) * std::pow(2.0, b);
  return {energy_j, area_um2};
}

double adc_supply_scale(double node_nm, double vdd_v) {
  const double ratio = vdd_v / nominal_vdd_v(node_nm);
  return ratio * ratio;
}

}  // namespace ohmic::cost
