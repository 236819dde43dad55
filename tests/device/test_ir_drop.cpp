#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ohmic/core/rng.h"
#include "ohmic/device/ir_drop.h"

using namespace ohmic;
using namespace ohmic::device;

namespace {
struct Case {
  int64_t rows, cols;
  double r_wire;
};

std::vector<float> random_g(int64_t n, double gmax, uint64_t seed) {
  std::vector<float> g(static_cast<size_t>(n));
  RandomStream(StreamKey{seed, 0, 0, 0}).fill_uniform(0, g);
  for (float& x : g) x = static_cast<float>(x * gmax);
  return g;
}
}  // namespace

TEST(IrDrop, VanishingWireResistanceGivesIdealCurrents) {
  auto g = random_g(32 * 16, 25e-6, 1);
  std::vector<double> v(32, 0.2);
  CrossbarCircuit c{32, 16, 1e-3, g};
  auto ideal = column_currents_ideal(c, v);
  auto nodal = ir_drop_nodal(c, v);
  for (size_t j = 0; j < ideal.size(); ++j) EXPECT_NEAR(nodal[j] / ideal[j], 1.0, 1e-4);
}

TEST(IrDrop, FirstOrderTracksNodalSolveInTheSmallDropRegime) {
  // r * g_max * rows * cols ~ 0.1: first order should be within a few percent of the drop, the drop itself several %.
  for (Case k : {Case{64, 64, 1.0}, Case{128, 32, 1.0}, Case{256, 256, 0.1}}) {
    auto g = random_g(k.rows * k.cols, 25e-6, 2);
    std::vector<double> v(static_cast<size_t>(k.rows));
    for (int64_t i = 0; i < k.rows; ++i) v[i] = 0.2 * ((i % 3) != 0);
    CrossbarCircuit c{k.rows, k.cols, k.r_wire, g};
    auto ideal = column_currents_ideal(c, v);
    auto exact = ir_drop_nodal(c, v);
    auto first = ir_drop_first_order(c, v);
    double worst_drop = 0, worst_model_err = 0;
    for (size_t j = 0; j < ideal.size(); ++j) {
      double drop = (ideal[j] - exact[j]) / ideal[j];
      worst_drop = std::max(worst_drop, drop);
      worst_model_err = std::max(worst_model_err, std::abs(first[j] - exact[j]) / (ideal[j] - exact[j]));
      EXPECT_LT(exact[j], ideal[j]);  // IR drop only ever lowers the current
    }
    EXPECT_GT(worst_drop, 1e-3) << k.rows << "x" << k.cols;  // the case really has IR drop
    // The first-order model explains the drop to within 25% of its size.
    EXPECT_LT(worst_model_err, 0.25) << k.rows << "x" << k.cols;
  }
}

TEST(IrDrop, LargeArraySolvesQuickly) {
  auto g = random_g(256 * 256, 25e-6, 3);
  std::vector<double> v(256, 0.2);
  CrossbarCircuit c{256, 256, 0.5, g};
  auto out = ir_drop_nodal(c, v);
  EXPECT_EQ(out.size(), 256u);
}
