// The effective-conductance matrices of the IR-drop models against the per-input solvers they summarize, and the
// analytic models against the nodal reference over a sweep of the drop's size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/core/rng.h"
#include "ohmic/device/ir_drop.h"

using namespace ohmic;
using namespace ohmic::device;

namespace {

std::vector<float> random_g(int64_t n, double g_max, uint64_t seed) {
  std::vector<float> g(static_cast<size_t>(n));
  RandomStream(StreamKey{seed, 7, 0, 0}).fill_uniform(0, g);
  for (float& x : g) x = static_cast<float>(x * g_max);
  return g;
}

std::vector<double> random_v(int64_t rows, uint64_t seed) {
  std::vector<float> u(static_cast<size_t>(rows));
  RandomStream(StreamKey{seed, 8, 0, 0}).fill_uniform(0, u);
  return {u.begin(), u.end()};
}

template <class T>
std::vector<double> apply_map(const std::vector<T>& g_eff, int64_t rows, int64_t cols, const std::vector<double>& v) {
  std::vector<double> out(static_cast<size_t>(cols), 0.0);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) out[static_cast<size_t>(j)] += g_eff[static_cast<size_t>(i * cols + j)] * v[i];
  return out;
}

// Largest |a - b| over the columns, relative to each column's ideal-wire current.
double worst_relative(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& ideal) {
  double worst = 0;
  for (size_t j = 0; j < a.size(); ++j) worst = std::max(worst, std::abs(a[j] - b[j]) / ideal[j]);
  return worst;
}

struct Shape {
  int64_t rows, cols;
};

struct ModelErrors {
  double drop = 0;    // worst (ideal - nodal) / ideal
  double first = 0;   // worst |first order - nodal| / ideal
  double series = 0;  // worst |series resistance - nodal| / ideal
};

// Both analytic models against the nodal solve of an n x n array for `inputs` random input vectors.
ModelErrors model_errors(const CrossbarCircuit& c, int inputs) {
  const int64_t n = c.rows;
  std::vector<float> g_first(c.g_s.size()), g_series(c.g_s.size());
  ir_drop_effective_conductances(c, g_first, IrDropModel::kFirstOrder);
  ir_drop_effective_conductances(c, g_series, IrDropModel::kSeriesResistance);
  ModelErrors e;
  for (int seed = 1; seed <= inputs; ++seed) {
    const auto v = random_v(n, static_cast<uint64_t>(seed));
    const auto ideal = column_currents_ideal(c, v);
    const auto nodal = ir_drop_nodal(c, v);
    e.drop = std::max(e.drop, worst_relative(ideal, nodal, ideal));
    e.first = std::max(e.first, worst_relative(apply_map(g_first, n, c.cols, v), nodal, ideal));
    e.series = std::max(e.series, worst_relative(apply_map(g_series, n, c.cols, v), nodal, ideal));
  }
  return e;
}

}  // namespace

TEST(IrDropModels, FirstOrderMatrixReproducesTheFirstOrderCurrents) {
  uint64_t seed = 1;
  for (Shape s : {Shape{1, 1}, Shape{1, 17}, Shape{23, 1}, Shape{48, 32}, Shape{64, 96}}) {
    for (double r : {0.01, 0.5, 4.0}) {
      auto g = random_g(s.rows * s.cols, 25e-6, seed);
      auto v = random_v(s.rows, seed++);
      CrossbarCircuit c{s.rows, s.cols, r, g};
      std::vector<float> g_eff(g.size());
      ir_drop_effective_conductances(c, g_eff, IrDropModel::kFirstOrder);
      const auto ideal = column_currents_ideal(c, v);
      const auto expected = ir_drop_first_order(c, v);
      const auto got = apply_map(g_eff, s.rows, s.cols, v);
      // float storage of G_eff: a few ulps of float per term, relative to the ideal current.
      EXPECT_LT(worst_relative(got, expected, ideal), 1e-5) << s.rows << "x" << s.cols << " r=" << r;
    }
  }
}

TEST(IrDropModels, NodalMatrixReproducesTheNodalSolve) {
  for (Shape s : {Shape{24, 40}, Shape{40, 24}}) {
    auto g = random_g(s.rows * s.cols, 25e-6, 11);
    CrossbarCircuit c{s.rows, s.cols, 2.0, g};
    std::vector<double> g_eff(g.size());
    ir_drop_effective_conductances_nodal(c, g_eff);
    for (uint64_t seed : {1, 2, 3}) {
      auto v = random_v(s.rows, seed);
      const auto ideal = column_currents_ideal(c, v);
      const auto nodal = ir_drop_nodal(c, v);
      EXPECT_LT(worst_relative(apply_map(g_eff, s.rows, s.cols, v), nodal, ideal), 1e-7) << s.rows << "x" << s.cols;
      EXPECT_GT(worst_relative(ideal, nodal, ideal), 1e-3);  // and the drop is really there
    }
  }
}

TEST(IrDropModels, ZeroWireResistanceGivesTheConductancesExactly) {
  auto g = random_g(30 * 20, 25e-6, 5);
  CrossbarCircuit c{30, 20, 0.0, g};
  for (IrDropModel m : {IrDropModel::kFirstOrder, IrDropModel::kSeriesResistance}) {
    std::vector<float> g_eff(g.size());
    ir_drop_effective_conductances(c, g_eff, m);
    for (size_t k = 0; k < g.size(); ++k) ASSERT_EQ(g_eff[k], g[k]);
  }
  EXPECT_THROW(ir_drop_nodal(c, std::vector<double>(30, 0.2)), Error);  // the nodal solve needs r > 0
}

TEST(IrDropModels, AttenuationIsTheEffectiveConductanceOverTheConductance) {
  auto g = random_g(20 * 30, 25e-6, 6);
  g[7] = 0.0f;  // a cell at exactly 0 still has a defined attenuation
  CrossbarCircuit c{20, 30, 3.0, g};
  for (IrDropModel m : {IrDropModel::kFirstOrder, IrDropModel::kSeriesResistance}) {
    std::vector<float> a(g.size()), g_eff(g.size());
    ir_drop_attenuation(c, a, m);
    ir_drop_effective_conductances(c, g_eff, m);
    for (size_t k = 0; k < g.size(); ++k) {
      EXPECT_FLOAT_EQ(g_eff[k], a[k] * g[k]) << k;
      EXPECT_LT(a[k], 1.0f) << k;  // every cell loses some current
    }
    // The cell next to both the driver and the sense amplifier (last row, column 0) keeps more than the one
    // farthest from both (row 0, last column).
    EXPECT_GT(a[19 * 30], a[29]);
  }
}

TEST(IrDropModels, BadArgumentsAreErrors) {
  auto g = random_g(4 * 4, 25e-6, 5);
  std::vector<float> out(16);
  EXPECT_THROW(ir_drop_effective_conductances(CrossbarCircuit{4, 4, -1.0, g}, out), Error);
  EXPECT_THROW(ir_drop_effective_conductances(CrossbarCircuit{4, 5, 1.0, g}, out), Error);
  std::vector<float> short_out(15);
  EXPECT_THROW(ir_drop_effective_conductances(CrossbarCircuit{4, 4, 1.0, g}, short_out), Error);
  g[3] = -1e-6f;
  EXPECT_THROW(ir_drop_effective_conductances(CrossbarCircuit{4, 4, 1.0, g}, out), Error);
}

// x = r * g_max * size^2 measures the drop (uniform g in [0, g_max]: the mean drop is about x / 3). The first-order
// model's error relative to the ideal current is second order in x; the series-resistance model shares its first
// order term and is much closer. Bounds from the table in docs/simulator.md (IR drop), with margin.
TEST(IrDropModels, AnalyticModelsTrackTheNodalSolveAcrossDropSizes) {
  const int64_t n = 64;
  const double g_max = 25e-6;
  auto g = random_g(n * n, g_max, 21);
  std::vector<double> first_err, series_err;
  for (double x : {0.01, 0.03, 0.1, 0.3, 1.0}) {
    const ModelErrors e = model_errors(CrossbarCircuit{n, n, x / (g_max * static_cast<double>(n * n)), g}, 2);
    const double e1 = e.first, e2 = e.series;
    EXPECT_GT(e.drop, 0.25 * x) << x;  // the sweep really covers drops from ~0.4% to ~30%
    EXPECT_LT(e1, 0.25 * x * x) << x;
    EXPECT_LT(e2, 0.03 * x * x) << x;
    EXPECT_LT(e2, e1 / 5) << x;
    first_err.push_back(e1);
    series_err.push_back(e2);
  }
  // Quadratic growth of the first-order error: x 10 (0.01 -> 0.1, 0.03 -> 0.3) multiplies it by about 100.
  for (size_t k = 0; k + 2 < first_err.size(); ++k) {
    EXPECT_GT(first_err[k + 2] / first_err[k], 50) << k;
    EXPECT_LT(first_err[k + 2] / first_err[k], 200) << k;
  }
}

// Prints the accuracy table of docs/simulator.md (run with --gtest_also_run_disabled_tests; 256 x 256 takes a while).
TEST(IrDropModels, DISABLED_PrintAccuracyTable) {
  const double g_max = 25e-6;
  std::printf("| size | x = r g_max n^2 | drop (max) | first order err | series err |\n|---|---|---|---|---|\n");
  for (int64_t n : {32, 64, 128, 256}) {
    auto g = random_g(n * n, g_max, 21);
    for (double x : {0.01, 0.1, 0.3, 1.0, 3.0}) {
      const ModelErrors e = model_errors(CrossbarCircuit{n, n, x / (g_max * static_cast<double>(n * n)), g}, 3);
      std::printf("| %lld | %g | %.3g | %.2g | %.2g |\n", static_cast<long long>(n), x, e.drop, e.first, e.series);
    }
  }
}
