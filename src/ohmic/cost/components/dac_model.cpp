#include "ohmic/cost/components/dac_model.h"

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/digital_logic.h"
#include "ohmic/cost/components/node_scaling.h"

namespace ohmic::cost {
namespace {
constexpr double kDacCapPerBitF = 50e-15;  // ZigZag-IMC, 28 nm
constexpr double kReferenceNodeNm = 28;
constexpr double kNand2PerDacBit = 4.0;  // driver cell per bit (assumption, docs/cost-model.md)
}  // namespace

DacCost dac(int bits, double node_nm, double vdd_v) {
  if (bits <= 0 || bits > 16) fail("cost/dac", fmt::format("DAC bits must be in 1..16, got {}", bits));
  const double energy_j =
      kDacCapPerBitF * bits * vdd_v * vdd_v * energy_scale(kReferenceNodeNm, vdd_v, node_nm, vdd_v);
  const double area_um2 = kNand2PerDacBit * bits * nand2_area_um2({node_nm, vdd_v});
  return {energy_j, area_um2};
}

}  // namespace ohmic::cost
