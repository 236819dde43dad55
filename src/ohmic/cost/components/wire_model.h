#pragma once
// On-chip wires: ≈ 0.2 pF/mm (repeated global wire, roughly node-independent), full-swing E = C·V² per bit·mm
// (≈ 0.1 pJ/bit/mm at 0.7 V, MODELS.md). Data activity is not modelled (every bit counted as one transition).
// A NoC transfer is counted as wire length only: routers are not modelled (docs/cost-model.md).
namespace ohmic::cost {

inline constexpr double kWireCapPerMmF = 0.2e-12;

double wire_energy_per_bit_mm_j(double node_nm, double vdd_v);

}  // namespace ohmic::cost
