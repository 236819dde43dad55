// The nodal reference: Kirchhoff's current law on all row and column nodes, solved by preconditioned conjugate
// gradients. Unknowns: row nodes R(i, j) at [i * cols + j], column nodes C(i, j) at [n + i * cols + j].
// Preconditioner: the wire chains themselves. Every row wire (with its cells' conductances on the diagonal) and
// every column wire is a tridiagonal block, solved exactly by the Thomas algorithm; only the cell coupling between
// row and column nodes is left to CG. Wires are much stiffer than cells, so a few dozen iterations suffice where
// a diagonal (Jacobi) preconditioner needs thousands on a 256 x 256 array.
#include <algorithm>
#include <cmath>

#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/device/ir_drop.h"
#include "ohmic/device/ir_drop_check.h"

namespace ohmic::device {
namespace {

class NodalSolver {
 public:
  explicit NodalSolver(const CrossbarCircuit& c) : c_(c), gw_(1.0 / c.r_wire_ohm), n_(c.rows * c.cols) {
    inv_pivot_.resize(static_cast<size_t>(2 * n_));
    // Row chains: node j links to j - 1 (the driver for j = 0) and j + 1 (none after the last cell).
    for (int64_t i = 0; i < c_.rows; ++i) {
      double pivot = 0;
      for (int64_t j = 0; j < c_.cols; ++j) {
        const double d = diag_row(i, j) - (j > 0 ? gw_ * gw_ / pivot : 0.0);
        pivot = d;
        inv_pivot_[static_cast<size_t>(i * c_.cols + j)] = 1.0 / d;
      }
    }
    // Column chains: node i links to i - 1 (none above the first row) and i + 1 (the virtual ground below the last).
    for (int64_t j = 0; j < c_.cols; ++j) {
      double pivot = 0;
      for (int64_t i = 0; i < c_.rows; ++i) {
        const double d = diag_col(i, j) - (i > 0 ? gw_ * gw_ / pivot : 0.0);
        pivot = d;
        inv_pivot_[static_cast<size_t>(n_ + i * c_.cols + j)] = 1.0 / d;
      }
    }
  }

  double wire_conductance() const { return gw_; }

  // Column output currents for row drive voltages v.
  std::vector<double> column_currents(std::span<const double> v, double tolerance, int max_iterations) const {
    const size_t size = static_cast<size_t>(2 * n_);
    std::vector<double> b(size, 0.0), x(size, 0.0), r(size), z(size), p(size), ap(size);
    for (int64_t i = 0; i < c_.rows; ++i) b[static_cast<size_t>(i * c_.cols)] = gw_ * v[i];  // driver segment
    // Start from the ideal-wire solution: row nodes at their drive voltage, column nodes at 0.
    for (int64_t i = 0; i < c_.rows; ++i)
      for (int64_t j = 0; j < c_.cols; ++j) x[static_cast<size_t>(i * c_.cols + j)] = v[i];
    // Residuals are currents: judge them against the largest ideal cell current, not against the driver terms
    // (which scale with the wire conductance and would stop the solve early for tiny wire resistance).
    double cell_scale = 0;
    for (int64_t i = 0; i < c_.rows; ++i)
      for (int64_t j = 0; j < c_.cols; ++j) cell_scale = std::max(cell_scale, std::abs(g(i, j) * v[i]));
    const double stop = tolerance * cell_scale * std::sqrt(static_cast<double>(size));
    apply(x, ap);
    for (size_t k = 0; k < size; ++k) r[k] = b[k] - ap[k];
    precondition(r, z);
    p = z;
    double rz = dot(r, z);
    bool converged = cell_scale == 0 || std::sqrt(dot(r, r)) <= stop;
    for (int it = 0; it < max_iterations && !converged; ++it) {
      apply(p, ap);
      const double alpha = rz / dot(p, ap);
      for (size_t k = 0; k < size; ++k) {
        x[k] += alpha * p[k];
        r[k] -= alpha * ap[k];
      }
      if (std::sqrt(dot(r, r)) <= stop) {
        converged = true;
        break;
      }
      precondition(r, z);
      const double rz_new = dot(r, z);
      const double beta = rz_new / rz;
      rz = rz_new;
      for (size_t k = 0; k < size; ++k) p[k] = z[k] + beta * p[k];
    }
    if (!converged)
      fail("IR drop", "nodal solve did not converge", "use a smaller array or a larger wire conductance");
    std::vector<double> out(static_cast<size_t>(c_.cols));
    for (int64_t j = 0; j < c_.cols; ++j)
      out[static_cast<size_t>(j)] = gw_ * x[static_cast<size_t>(n_ + (c_.rows - 1) * c_.cols + j)];  // into ground
    return out;
  }

 private:
  double g(int64_t i, int64_t j) const { return c_.g_s[static_cast<size_t>(i * c_.cols + j)]; }
  double diag_row(int64_t i, int64_t j) const { return gw_ * (1.0 + (j < c_.cols - 1 ? 1.0 : 0.0)) + g(i, j); }
  double diag_col(int64_t i, int64_t j) const { return gw_ * ((i > 0 ? 1.0 : 0.0) + 1.0) + g(i, j); }
  static double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
    return s;
  }

  // y = A x.
  void apply(const std::vector<double>& x, std::vector<double>& y) const {
    const int64_t C = c_.cols;
    for (int64_t i = 0; i < c_.rows; ++i)
      for (int64_t j = 0; j < C; ++j) {
        const int64_t r = i * C + j, k = n_ + r;
        double vr = diag_row(i, j) * x[r] - g(i, j) * x[k];
        if (j > 0) vr -= gw_ * x[r - 1];
        if (j < C - 1) vr -= gw_ * x[r + 1];
        double vc = diag_col(i, j) * x[k] - g(i, j) * x[r];
        if (i > 0) vc -= gw_ * x[k - C];
        if (i < c_.rows - 1) vc -= gw_ * x[k + C];
        y[r] = vr;
        y[k] = vc;
      }
  }

  // z = M^-1 r: Thomas solves along every row chain and every column chain (off-diagonals all -gw).
  void precondition(const std::vector<double>& r, std::vector<double>& z) const {
    const int64_t C = c_.cols, R = c_.rows;
    for (int64_t i = 0; i < R; ++i) {
      const int64_t base = i * C;
      z[base] = r[base] * inv_pivot_[base];
      for (int64_t j = 1; j < C; ++j) z[base + j] = (r[base + j] + gw_ * z[base + j - 1]) * inv_pivot_[base + j];
      for (int64_t j = C - 2; j >= 0; --j) z[base + j] += gw_ * inv_pivot_[base + j] * z[base + j + 1];
    }
    for (int64_t j = 0; j < C; ++j) {
      const int64_t base = n_ + j;
      z[base] = r[base] * inv_pivot_[base];
      for (int64_t i = 1; i < R; ++i) {
        const int64_t k = base + i * C;
        z[k] = (r[k] + gw_ * z[k - C]) * inv_pivot_[k];
      }
      for (int64_t i = R - 2; i >= 0; --i) {
        const int64_t k = base + i * C;
        z[k] += gw_ * inv_pivot_[k] * z[k + C];
      }
    }
  }

  const CrossbarCircuit& c_;
  double gw_;
  int64_t n_;
  std::vector<double> inv_pivot_;  // Thomas factorization of the row chains [0, n) and column chains [n, 2n)
};

}  // namespace

std::vector<double> ir_drop_nodal(const CrossbarCircuit& c, std::span<const double> v_in, double tolerance,
                                  int max_iterations) {
  check_circuit(c, v_in.size(), /*nodal=*/true);
  return NodalSolver(c).column_currents(v_in, tolerance, max_iterations);
}

void ir_drop_effective_conductances_nodal(const CrossbarCircuit& c, std::span<double> g_eff_out, double tolerance,
                                          int max_iterations) {
  check_circuit(c, static_cast<size_t>(c.rows), /*nodal=*/true);
  if (static_cast<int64_t>(g_eff_out.size()) != c.rows * c.cols)
    fail("IR drop", "output size does not match the crossbar", "pass rows * cols values");
  const NodalSolver solver(c);
  parallel_for(c.rows, 1, [&](int64_t i0, int64_t i1) {
    std::vector<double> unit(static_cast<size_t>(c.rows), 0.0);
    for (int64_t i = i0; i < i1; ++i) {
      unit[static_cast<size_t>(i)] = 1.0;
      const std::vector<double> currents = solver.column_currents(unit, tolerance, max_iterations);
      unit[static_cast<size_t>(i)] = 0.0;
      std::copy(currents.begin(), currents.end(), g_eff_out.begin() + i * c.cols);
    }
  });
}

}  // namespace ohmic::device
