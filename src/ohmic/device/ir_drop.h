#pragma once
// IR drop on crossbar wires. Geometry: rows driven from the left (column index 0 side) by ideal voltage sources;
// columns sensed at the bottom (after the last row) by virtual grounds; each wire segment between neighbouring cells
// (and between the driver / sense amplifier and the first cell) has resistance r_wire. Cell (i, j) conducts
// g[i * cols + j] from row node (i, j) to column node (i, j). Cells are linear (ohmic); driver and sense resistances
// are zero. docs/simulator.md ("IR drop") has the derivations and the accuracy table.
//
// For fixed conductances the circuit is linear, so every model maps row voltages v to column currents through a
// fixed rows x cols matrix of effective conductances: I_j = sum_i G_eff[i][j] v_i. The simulator computes G_eff once
// per programmed block and uses it in place of G, so IR drop costs nothing per read.
//
// Models:
// - nodal (the reference): Kirchhoff's current law for all 2 * rows * cols node voltages, solved by conjugate
//   gradients (CrossSim solves the same circuit); arrays up to 256 x 256.
// - first order: cell currents at ideal voltages give the current in every wire segment; those give each node's
//   voltage shift (row nodes sag along the row, column nodes rise towards the top); the cell currents are recomputed
//   once at the shifted voltages. As a matrix: G_eff[i][j] = g_ij (1 - L_ij), L_ij = r (S_ij + T_ij) the cell's
//   "wire load", S_ij = sum_m g_im (min(j, m) + 1) (row wire), T_ij = sum_m g_mj (rows - max(i, m)) (column wire).
//   Error is second order in L; L grows past 1 (negative conductances) when the drop is large.
// - series resistance: G_eff[i][j] = g_ij / (1 + L_ij), i.e. each cell in series with the wire resistance r L_ij /
//   g_ij that the first-order model attributes to it. Same first-order term, same O(rows * cols) cost, stays
//   positive, and is 10x to 40x closer to the nodal solution than the first-order model (docs/simulator.md table).
#include <cstdint>
#include <span>
#include <vector>

namespace ohmic::device {

struct CrossbarCircuit {
  int64_t rows = 0, cols = 0;
  double r_wire_ohm = 1.0;   // resistance of one wire segment between adjacent cells (0: ideal wires)
  std::span<const float> g_s;  // rows * cols conductances, row-major
};

enum class IrDropModel {
  kFirstOrder,        // G_eff = g (1 - L)
  kSeriesResistance,  // G_eff = g / (1 + L)
};

// Column output currents (amperes) for row voltages v_in (volts), ideal wires: I_j = sum_i g_ij v_i.
std::vector<double> column_currents_ideal(const CrossbarCircuit& c, std::span<const double> v_in);
std::vector<double> ir_drop_first_order(const CrossbarCircuit& c, std::span<const double> v_in);
// tolerance: relative residual of the CG solve. Needs r_wire_ohm > 0.
std::vector<double> ir_drop_nodal(const CrossbarCircuit& c, std::span<const double> v_in, double tolerance = 1e-10,
                                  int max_iterations = 20000);

// The wire load L_ij = r (S_ij + T_ij) of every cell (dimensionless, row-major), in O(rows * cols).
void ir_drop_wire_load(const CrossbarCircuit& c, std::span<double> load_out);
// Effective conductances (siemens, row-major rows x cols) of the analytic models, in O(rows * cols). With
// kFirstOrder, sum_i G_eff[i][j] v_i equals ir_drop_first_order(c, v)[j]. r_wire_ohm = 0 gives g exactly.
void ir_drop_effective_conductances(const CrossbarCircuit& c, std::span<float> g_eff_out,
                                    IrDropModel model = IrDropModel::kFirstOrder);
// G_eff / g per cell of the analytic models (1 - L or 1 / (1 + L)), row-major. The simulator scales each cell's
// contribution (g - g_min) by it, so the g_min offset that a differential partner or reference column cancels is
// attenuated alike instead of leaving a bias.
void ir_drop_attenuation(const CrossbarCircuit& c, std::span<float> attenuation_out,
                         IrDropModel model = IrDropModel::kSeriesResistance);
// Effective conductances of the exact circuit: one nodal solve per row with a unit voltage on that row (the circuit
// is linear). Rows are solved in parallel; the result does not depend on the thread count. Needs r_wire_ohm > 0.
void ir_drop_effective_conductances_nodal(const CrossbarCircuit& c, std::span<double> g_eff_out,
                                          double tolerance = 1e-10, int max_iterations = 20000);

}  // namespace ohmic::device
