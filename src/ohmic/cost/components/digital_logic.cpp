#include "ohmic/cost/components/digital_logic.h"

#include <algorithm>
#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/node_scaling.h"

namespace ohmic::cost {
namespace {
// ZigZag-IMC (Sun et al., 2023), 28 nm standard cell NAND2.
constexpr double kNand2CapF = 0.7e-15;
constexpr double kNand2AreaUm2 = 0.614;
constexpr double kNand2DelayS = 47.8e-12;
constexpr double kReferenceNodeNm = 28;

void check_bits(int bits, const char* what) {
  if (bits <= 0 || bits > 256) fail("cost/digital logic", fmt::format("{} must be in 1..256, got {}", what, bits));
}
}  // namespace

double nand2_energy_j(const LogicTech& tech) {
  // C·V² at 28 nm and this voltage, moved to the node at the same voltage.
  return kNand2CapF * tech.vdd_v * tech.vdd_v * energy_scale(kReferenceNodeNm, tech.vdd_v, tech.node_nm, tech.vdd_v);
}

// Logic area scales with node² (classical scaling; cross-check: ASAP7's 7 nm NAND2xp33 is 0.044 µm², node² from
// 28 nm gives 0.038 µm²). SRAM bitcells scale less below 20 nm and use their own table (node_scaling.h).
double nand2_area_um2(const LogicTech& tech) {
  const double r = tech.node_nm / kReferenceNodeNm;
  return kNand2AreaUm2 * r * r;
}

double nand2_delay_s(const LogicTech& tech) { return kNand2DelayS * tech.node_nm / kReferenceNodeNm; }

GateCost gates(double nand2_count, double activity, const LogicTech& tech) {
  return {nand2_count * activity * nand2_energy_j(tech), nand2_count * nand2_area_um2(tech)};
}

GateCost adder(int bits, const LogicTech& tech) {
  check_bits(bits, "adder width");
  return gates(kNand2PerFullAdder * bits, kRandomDataActivity, tech);
}

GateCost adder_tree(int inputs, int input_bits, const LogicTech& tech) {
  check_bits(input_bits, "adder tree input width");
  if (inputs < 1) fail("cost/digital logic", fmt::format("adder tree needs at least one input, got {}", inputs));
  double full_adders = 0;
  int width = input_bits;
  for (long n = inputs; n > 1; n = (n + 1) / 2) {
    const long pairs = n / 2;  // adders at this level: one per pair of inputs; an odd input passes through
    full_adders += static_cast<double>(pairs) * width;
    ++width;
  }
  return gates(kNand2PerFullAdder * full_adders, kRandomDataActivity, tech);
}

GateCost shift_add(int acc_bits, const LogicTech& tech) {
  const GateCost add = adder(acc_bits, tech), reg = register_write(acc_bits, tech);
  return {add.energy_j + reg.energy_j, add.area_um2 + reg.area_um2};
}

GateCost register_write(int bits, const LogicTech& tech) {
  check_bits(bits, "register width");
  return gates(kNand2PerFlipFlop * bits, kRandomDataActivity, tech);
}

GateCost digital_mac(int a_bits, int b_bits, const LogicTech& tech) {
  check_bits(a_bits, "multiplier width");
  check_bits(b_bits, "multiplier width");
  const double products = static_cast<double>(a_bits) * b_bits;
  const GateCost mult = gates(products * (kNand2PerAndGate + kNand2PerFullAdder), kRandomDataActivity, tech);
  const GateCost acc = shift_add(a_bits + b_bits + 8, tech);
  return {mult.energy_j + acc.energy_j, mult.area_um2 + acc.area_um2};
}

}  // namespace ohmic::cost
