#include "ohmic/device/ir_drop.h"

#include <cmath>

#include "ohmic/core/error.h"
#include "ohmic/device/ir_drop_check.h"

namespace ohmic::device {

std::vector<double> column_currents_ideal(const CrossbarCircuit& c, std::span<const double> v_in) {
  check_circuit(c, v_in.size());
  std::vector<double> out(static_cast<size_t>(c.cols), 0.0);
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t j = 0; j < c.cols; ++j) out[j] += c.g_s[static_cast<size_t>(i * c.cols + j)] * v_in[i];
  return out;
}

std::vector<double> ir_drop_first_order(const CrossbarCircuit& c, std::span<const double> v_in) {
  check_circuit(c, v_in.size());
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

// The first-order model as a matrix. With I(m, j) = g_mj v_m, the row sag at (i, j) is
//   r * sum_{k <= j} sum_{m >= k} g_im v_i = r v_i S_ij,  S_ij = sum_m g_im (min(j, m) + 1),
// and the column rise at (i, j) is
//   r * sum_{k >= i} sum_{m <= k} g_mj v_m = r sum_m g_mj v_m (R - max(i, m)).
// The output I_j = sum_i g_ij (v_i - sag_ij - rise_ij); the rise term summed over i is
//   r sum_m v_m g_mj sum_i g_ij (R - max(i, m)) = r sum_m v_m g_mj T_mj,  T_mj = sum_i g_ij (R - max(i, m)),
// because R - max(i, m) is symmetric in i and m. So the coefficient of v_i in I_j is g_ij (1 - r (S_ij + T_ij)):
// the first-order map is cellwise. Both sums split at the kink of min / max into prefix sums:
//   S_ij = sum_{m <= j} g_im (m + 1) + (j + 1) sum_{m > j} g_im,
//   T_ij = (R - i) sum_{m <= i} g_mj + sum_{m > i} g_mj (R - m).
void ir_drop_wire_load(const CrossbarCircuit& c, std::span<double> load_out) {
  check_circuit(c, static_cast<size_t>(c.rows));
  if (static_cast<int64_t>(load_out.size()) != c.rows * c.cols)
    fail("IR drop", "output size does not match the crossbar", "pass rows * cols values");
  const int64_t R = c.rows, C = c.cols;
  const double r = c.r_wire_ohm;
  auto g = [&](int64_t i, int64_t j) { return static_cast<double>(c.g_s[static_cast<size_t>(i * C + j)]); };
  // Column sums for T: total of g_mj (R - m), then running prefixes over the rows.
  std::vector<double> col_weighted_total(static_cast<size_t>(C), 0.0), col_prefix(static_cast<size_t>(C), 0.0),
      col_weighted_prefix(static_cast<size_t>(C), 0.0);
  for (int64_t m = 0; m < R; ++m)
    for (int64_t j = 0; j < C; ++j) col_weighted_total[j] += g(m, j) * static_cast<double>(R - m);
  for (int64_t i = 0; i < R; ++i) {
    double row_total = 0;
    for (int64_t m = 0; m < C; ++m) row_total += g(i, m);
    double row_prefix = 0, row_weighted_prefix = 0;
    for (int64_t j = 0; j < C; ++j) {
      const double gij = g(i, j);
      row_prefix += gij;
      row_weighted_prefix += gij * static_cast<double>(j + 1);
      col_prefix[j] += gij;
      col_weighted_prefix[j] += gij * static_cast<double>(R - i);
      const double s = row_weighted_prefix + static_cast<double>(j + 1) * (row_total - row_prefix);
      const double t = static_cast<double>(R - i) * col_prefix[j] + (col_weighted_total[j] - col_weighted_prefix[j]);
      load_out[static_cast<size_t>(i * C + j)] = r * (s + t);
    }
  }
}

void ir_drop_attenuation(const CrossbarCircuit& c, std::span<float> attenuation_out, IrDropModel model) {
  if (static_cast<int64_t>(attenuation_out.size()) != c.rows * c.cols)
    fail("IR drop", "output size does not match the crossbar", "pass rows * cols values");
  std::vector<double> load(attenuation_out.size());
  ir_drop_wire_load(c, load);
  for (size_t k = 0; k < load.size(); ++k)
    attenuation_out[k] = static_cast<float>(model == IrDropModel::kFirstOrder ? 1.0 - load[k] : 1.0 / (1.0 + load[k]));
}

void ir_drop_effective_conductances(const CrossbarCircuit& c, std::span<float> g_eff_out, IrDropModel model) {
  ir_drop_attenuation(c, g_eff_out, model);
  for (size_t k = 0; k < g_eff_out.size(); ++k) g_eff_out[k] *= c.g_s[k];
}

}  // namespace ohmic::device
