#pragma once
// Technology node and supply voltage scaling of energy and area.
//
// Energy: Stillmaker & Baas, "Scaling equations for the accurate prediction of CMOS device performance from 180 nm to
// 7 nm", Integration 58 (2017): per node, energy factor = a·V² + b·V + c (relative to 45 nm at 1.0 V ≈ 1.0).
// Between tabulated nodes the factor is interpolated linearly in (ln node, ln factor); outside the table it is
// extrapolated along the nearest segment (documented in docs/cost-model.md).
//
// Area: published high-density 6T SRAM bitcell areas per node (foundry/Intel IEDM and ISSCC reports), interpolated in
// log-log space. The bitcell is the best-documented density proxy across nodes; below 20 nm it scales far less than
// node², which a node² rule would miss.
namespace ohmic::cost {

struct StillmakerCoefficients {
  double node_nm, a, b, c;
};

// Energy factor a·V² + b·V + c at the node (interpolated) and supply voltage. Throws ohmic::Error for node <= 0 or
// V <= 0, or when the quadratic gives a non-positive factor (voltage far outside the fit's range).
double energy_factor(double node_nm, double vdd_v);

// Multiplier turning an energy characterised at (from_node, from_v) into one at (to_node, to_v).
double energy_scale(double from_node_nm, double from_vdd_v, double to_node_nm, double to_vdd_v);

// Nominal core supply per node (Stillmaker & Baas 2017, Table 1), interpolated; used when a chip gives no VDD.
double nominal_vdd_v(double node_nm);

// High-density 6T SRAM bitcell area in µm² at the node (interpolated in log-log).
double sram_6t_bitcell_um2(double node_nm);

// Multiplier turning an area at from_node into one at to_node (ratio of bitcell areas).
double area_scale(double from_node_nm, double to_node_nm);

}  // namespace ohmic::cost
