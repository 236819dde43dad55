#include "ohmic/device/ir_drop.h"

#include <algorithm>
#include <cmath>

#include "ohmic/core/error.h"

namespace ohmic::device {
namespace {

void check(const CrossbarCircuit& c, std::span<const double> v_in) {
  if (c.rows <= 0 || c.cols <= 0 || static_cast<int64_t>(c.g_s.size()) != c.rows * c.cols ||
      static_cast<int64_t>(v_in.size()) != c.rows)
    fail("IR drop", "crossbar sizes do not match the conductance and voltage arrays");
  if (!(c.r_wire_ohm > 0)) fail("IR drop", "wire resistance must be positive");
}

// y = A x for the nodal matrix. Unknowns: row nodes R(i,j) at [i*cols + j], column nodes C(i,j) at [n + i*cols + j].
struct NodalMatrix {
  const CrossbarCircuit& c;
  double gw;
  int64_t n;
  double g(int64_t i, int64_t j) const { return c.g_s[static_cast<size_t>(i * c.cols + j)]; }
  double diag_row(int64_t i, int64_t j) const { return gw * (1.0 + (j < c.cols - 1 ? 1.0 : 0.0)) + g(i, j); }
  double diag_col(int64_t i, int64_t j) const { return gw * ((i > 0 ? 1.0 : 0.0) + 1.0) + g(i, j); }
  void apply(const std::vector<double>& x, std::vector<double>& y) const {
    for (int64_t i = 0; i < c.rows; ++i)
      for (int64_t j = 0; j < c.cols; ++j) {
        int64_t r = i * c.cols + j, k = n + r;
        double vr = diag_row(i, j) * x[r] - g(i, j) * x[k];
        if (j > 0) vr -= gw * x[r - 1];
        if (j < c.cols - 1) vr -= gw * x[r + 1];
        double vc = diag_col(i, j) * x[k] - g(i, j) * x[r];
        if (i > 0) vc -= gw * x[k - c.cols];
        if (i < c.rows - 1) vc -= gw * x[k + c.cols];
        y[r] = vr;
        y[k] = vc;
      }
  }
};

}  // namespace

std::vector<double> column_currents_ideal(const CrossbarCircuit& c, std::span<const double> v_in) {
  check(c, v_in);
  std::vector<double> out(static_cast<size_t>(c.cols), 0.0);
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t j = 0; j < c.cols; ++j) out[j] += c.g_s[static_cast<size_t>(i * c.cols + j)] * v_in[i];
  return out;
}

std::vector<double> ir_drop_first_order(const CrossbarCircuit& c, std::span<const double> v_in) {
  check(c, v_in);
  const int64_t R = c.rows, C = c.cols;
  const double r = c.r_wire_ohm;
  std::vector<double> cell(static_cast<size_t>(R * C));
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < C; ++j) cell[i * C + j] = c.g_s[static_cast<size_t>(i * C + j)] * v_in[i];
  // Row sag: segment k of row i carries sum_{m >= k} I(i, m); node j sags by r * sum_{k <= j} of those.
  std::vector<double> row_sag(static_cast<size_t>(R * C));
  for (int64_t i = 0; i < R; ++i) {
    double tail = 0;
    std::vector<double> seg(static_cast<size_t>(C));
    for (int64_t m = C - 1; m >= 0; --m) seg[m] = (tail += cell[i * C + m]);
    double acc = 0;
    for (int64_t j = 0; j < C; ++j) row_sag[i * C + j] = (acc += r * seg[j]);
  }
  // Column rise: the segment below node i of column j carries sum_{m <= i} I(m, j); node i sits r * sum_{k >= i}
  // of those above ground.
  std::vector<double> col_rise(static_cast<size_t>(R * C));
  for (int64_t j = 0; j < C; ++j) {
    std::vector<double> seg(static_cast<size_t>(R));
    double head = 0;
    for (int64_t m = 0; m < R; ++m) seg[m] = (head += cell[m * C + j]);
    double acc = 0;
    for (int64_t i = R - 1; i >= 0; --i) col_rise[i * C + j] = (acc += r * seg[i]);
  }
  std::vector<double> out(static_cast<size_t>(C), 0.0);
  for (int64_t i = 0; i < R; ++i)
    for (int64_t j = 0; j < C; ++j)
      out[j] += c.g_s[static_cast<size_t>(i * C + j)] * (v_in[i] - row_sag[i * C + j] - col_rise[i * C + j]);
  return out;
}

std::vector<double> ir_drop_nodal(const CrossbarCircuit& c, std::span<const double> v_in, double tolerance,
                                  int max_iterations) {
  check(c, v_in);
  const int64_t n = c.rows * c.cols;
  NodalMatrix A{c, 1.0 / c.r_wire_ohm, n};
  std::vector<double> b(static_cast<size_t>(2 * n), 0.0), x(static_cast<size_t>(2 * n), 0.0);
  for (int64_t i = 0; i < c.rows; ++i) b[i * c.cols] = A.gw * v_in[i];  // driver segment into R(i, 0)
  // Start from the ideal-wire solution: row nodes at their drive voltage, column nodes at 0.
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t j = 0; j < c.cols; ++j) x[i * c.cols + j] = v_in[i];
  std::vector<double> diag(static_cast<size_t>(2 * n));
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t j = 0; j < c.cols; ++j) {
      diag[i * c.cols + j] = A.diag_row(i, j);
      diag[n + i * c.cols + j] = A.diag_col(i, j);
    }
  // Jacobi-preconditioned conjugate gradients.
  std::vector<double> r(b.size()), z(b.size()), p(b.size()), ap(b.size());
  A.apply(x, ap);
  double bnorm = 0, rz = 0;
  for (size_t k = 0; k < b.size(); ++k) {
    r[k] = b[k] - ap[k];
    z[k] = r[k] / diag[k];
    p[k] = z[k];
    rz += r[k] * z[k];
    bnorm += b[k] * b[k];
  }
  // Residuals are currents: judge them against the largest ideal cell current, not against the driver terms (which
  // scale with the wire conductance and would stop the solve early for tiny wire resistance).
  double cell_scale = 0;
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t j = 0; j < c.cols; ++j)
      cell_scale = std::max(cell_scale, std::abs(A.g(i, j) * v_in[i]));
  bnorm = cell_scale * std::sqrt(static_cast<double>(2 * n));
  bool converged = bnorm == 0;
  for (int it = 0; it < max_iterations && !converged; ++it) {
    A.apply(p, ap);
    double pap = 0;
    for (size_t k = 0; k < b.size(); ++k) pap += p[k] * ap[k];
    double alpha = rz / pap, rnorm = 0, rz_new = 0;
    for (size_t k = 0; k < b.size(); ++k) {
      x[k] += alpha * p[k];
      r[k] -= alpha * ap[k];
      rnorm += r[k] * r[k];
    }
    if (std::sqrt(rnorm) <= tolerance * bnorm) {
      converged = true;
      break;
    }
    for (size_t k = 0; k < b.size(); ++k) {
      z[k] = r[k] / diag[k];
      rz_new += r[k] * z[k];
    }
    double beta = rz_new / rz;
    rz = rz_new;
    for (size_t k = 0; k < b.size(); ++k) p[k] = z[k] + beta * p[k];
  }
  if (!converged) fail("IR drop", "nodal solve did not converge", "use a smaller array or a larger wire conductance");
  std::vector<double> out(static_cast<size_t>(c.cols));
  for (int64_t j = 0; j < c.cols; ++j) out[j] = A.gw * x[n + (c.rows - 1) * c.cols + j];  // into the virtual ground
  return out;
}

}  // namespace ohmic::device
