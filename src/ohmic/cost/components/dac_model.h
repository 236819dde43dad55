#pragma once
// Input DAC / wordline driver energy per conversion: ZigZag-IMC (Sun et al., 2023) E = 50 fF·bits·V² at 28 nm,
// moved to the node with Stillmaker & Baas at the same voltage. A 1-bit "DAC" is a wordline driver pulse.
// Area: a DAC is modelled as `bits` drivers of 4 NAND2 equivalents each (bit-weighted driver cells), scaled by node.
namespace ohmic::cost {

struct DacCost {
  double energy_j = 0;
  double area_um2 = 0;
};

DacCost dac(int bits, double node_nm, double vdd_v);

}  // namespace ohmic::cost
