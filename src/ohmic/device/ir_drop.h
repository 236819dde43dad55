#pragma once
// IR drop on crossbar wires. Geometry: rows driven from the left (column index 0 side) by ideal voltage sources;
// columns sensed at the bottom (after the last row) by virtual grounds; each wire segment between neighbouring cells
// has resistance r_wire. Cell (i, j) conducts g[i * cols + j] from row node (i, j) to column node (i, j).
//
// Two models:
// - ir_drop_nodal: the reference. Solves Kirchhoff's current law for all 2 * rows * cols node voltages (conjugate
//   gradients on the symmetric positive-definite nodal matrix), as CrossSim's circuit solver does; arrays up to
//   256 x 256 in well under a second.
// - ir_drop_first_order: one correction step. Cell currents at ideal voltages give the currents in every wire
//   segment; those give each node's voltage shift (row nodes sag along the row, column nodes rise towards the top);
//   the cell currents are recomputed once at the shifted voltages. Error is second order in r_wire * g * size^2.
#include <cstdint>
#include <span>
#include <vector>

namespace ohmic::device {

struct CrossbarCircuit {
  int64_t rows = 0, cols = 0;
  double r_wire_ohm = 1.0;   // resistance of one wire segment between adjacent cells
  std::span<const float> g_s;  // rows * cols conductances, row-major
};

// Column output currents (amperes) for row voltages v_in (volts), ideal wires: I_j = sum_i g_ij v_i.
std::vector<double> column_currents_ideal(const CrossbarCircuit& c, std::span<const double> v_in);
std::vector<double> ir_drop_first_order(const CrossbarCircuit& c, std::span<const double> v_in);
// tolerance: relative residual of the CG solve.
std::vector<double> ir_drop_nodal(const CrossbarCircuit& c, std::span<const double> v_in, double tolerance = 1e-10,
                                  int max_iterations = 20000);

}  // namespace ohmic::device
