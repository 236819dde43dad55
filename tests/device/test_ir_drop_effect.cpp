// How large IR drop is on a full 256 x 256 block of the resistive presets, with the default wire resistance of
// their node (device/ir_drop_wire.h) and the route's default conductance range, and how much of it the
// series-resistance model (the simulator's) leaves unexplained. Numbers are printed for docs/simulator.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ohmic/core/rng.h"
#include "ohmic/device/device_params.h"
#include "ohmic/device/ir_drop.h"
#include "ohmic/device/ir_drop_wire.h"

using namespace ohmic;
using namespace ohmic::device;

namespace {

struct Case {
  std::string name;
  arch::Route route;
  double node_nm;
};

struct Effect {
  double mean_drop = 0, max_drop = 0;  // (ideal - nodal) / ideal over the columns
  double max_model_err = 0;            // |series model - nodal| / ideal, worst column
  double residual_after_gain = 0;      // rms of (a nodal - ideal) / rms ideal with the best global gain a: what a
                                       //   per-layer scale calibration (ADC range, drift compensation) cannot remove
};

// Conductances of a trained layer's weights: |N(0, 1)| scaled so the largest maps to g_max, over g_min.
std::vector<float> weight_like_g(int64_t n, const DeviceParams& p, uint64_t seed) {
  std::vector<float> w(static_cast<size_t>(n));
  RandomStream(StreamKey{seed, 9, 0, 0}).fill_normal(0, w);
  float top = 0;
  for (float x : w) top = std::max(top, std::abs(x));
  for (float& x : w) x = static_cast<float>(p.g_min_s + std::abs(x) / top * (p.g_max_s - p.g_min_s));
  return w;
}

Effect measure(const CrossbarCircuit& c, double read_v) {
  std::vector<float> g_series(c.g_s.size());
  ir_drop_effective_conductances(c, g_series, IrDropModel::kSeriesResistance);
  Effect e;
  for (uint64_t seed : {1, 2}) {
    // One bit-serial input slice: half the rows at the read voltage.
    std::vector<float> u(static_cast<size_t>(c.rows));
    RandomStream(StreamKey{seed, 10, 0, 0}).fill_uniform(0, u);
    std::vector<double> v(u.size());
    for (size_t i = 0; i < u.size(); ++i) v[i] = u[i] < 0.5f ? read_v : 0.0;
    const auto ideal = column_currents_ideal(c, v);
    const auto nodal = ir_drop_nodal(c, v);
    std::vector<double> model(static_cast<size_t>(c.cols), 0.0);
    for (int64_t i = 0; i < c.rows; ++i)
      for (int64_t j = 0; j < c.cols; ++j) model[j] += g_series[static_cast<size_t>(i * c.cols + j)] * v[i];
    double ii = 0, in = 0, nn = 0;
    for (int64_t j = 0; j < c.cols; ++j) ii += ideal[j] * ideal[j], in += ideal[j] * nodal[j], nn += nodal[j] * nodal[j];
    const double gain = in / nn;  // least squares: min_a sum (a nodal - ideal)^2
    double res = 0;
    for (int64_t j = 0; j < c.cols; ++j) res += (gain * nodal[j] - ideal[j]) * (gain * nodal[j] - ideal[j]);
    e.residual_after_gain = std::max(e.residual_after_gain, std::sqrt(res / ii));
    for (int64_t j = 0; j < c.cols; ++j) {
      const double drop = (ideal[j] - nodal[j]) / ideal[j];
      e.mean_drop += drop / static_cast<double>(2 * c.cols);
      e.max_drop = std::max(e.max_drop, drop);
      e.max_model_err = std::max(e.max_model_err, std::abs(model[j] - nodal[j]) / ideal[j]);
    }
  }
  return e;
}

}  // namespace

TEST(IrDropEffect, FullBlockOfTheResistivePresets) {
  const int64_t n = 256;
  for (const Case& k : {Case{"reram 130 nm (neurram, liu, yao)", arch::Route::kReram, 130},
                        Case{"reram 28 nm (default_reram, yizhu)", arch::Route::kReram, 28},
                        Case{"pcm 14 nm (node default wire)", arch::Route::kPcm, 14}}) {
    const DeviceParams p = default_device_params(k.route);
    const WireSegment w = wire_segment_resistance(k.node_nm, false);
    const auto g = weight_like_g(n * n, p, 3);
    const Effect e = measure(CrossbarCircuit{n, n, w.r_ohm, g}, p.read_voltage_v);
    std::printf("%s: g %.3g..%.3g uS, r %.3g ohm: column current drop mean %.3g%%, max %.3g%%; series model error "
                "max %.3g%% of the ideal current; after the best global gain %.3g%% rms\n",
                k.name.c_str(), p.g_min_s * 1e6, p.g_max_s * 1e6, w.r_ohm, 100 * e.mean_drop, 100 * e.max_drop,
                100 * e.max_model_err, 100 * e.residual_after_gain);
    EXPECT_GT(e.mean_drop, 0.01) << k.name;                     // at these wire resistances the effect is large
    EXPECT_LT(e.max_model_err, 0.1 * e.max_drop) << k.name;     // the model explains > 90% of it
  }
}
