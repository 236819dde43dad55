#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ohmic/device/programming.h"

using namespace ohmic;
using namespace ohmic::device;

TEST(Programming, NoiseMatchesModelSigma) {
  for (arch::Route route : {arch::Route::kPcm, arch::Route::kReram, arch::Route::kNorFlash}) {
    DeviceParams p = default_device_params(route);
    p.d2d_sigma_rel = 0;
    const size_t n = 100000;
    double target = 0.6 * p.g_max_s;
    std::vector<float> targets(n, static_cast<float>(target));
    ProgrammedCells cells = program_cells(p, targets, {11, 1, 2, 0});
    double m = 0, v = 0;
    for (float g : cells.g_s) m += g;
    m /= n;
    for (float g : cells.g_s) v += (g - m) * (g - m);
    double sigma = programming_sigma_s(p, target);
    ASSERT_GT(sigma, 0) << arch::route_name(route);
    EXPECT_NEAR(m, target, 5 * sigma / std::sqrt(n)) << arch::route_name(route);
    EXPECT_NEAR(std::sqrt(v / n), sigma, 0.02 * sigma) << arch::route_name(route);
  }
}

TEST(Programming, SameKeySameCells) {
  DeviceParams p = default_device_params(arch::Route::kPcm);
  std::vector<float> t(1000, 10e-6f);
  EXPECT_EQ(program_cells(p, t, {5, 0, 0, 0}).g_s, program_cells(p, t, {5, 0, 0, 0}).g_s);
  EXPECT_NE(program_cells(p, t, {5, 0, 0, 0}).g_s, program_cells(p, t, {6, 0, 0, 0}).g_s);
}

TEST(Programming, DigitalCellsAreExact) {
  DeviceParams p = default_device_params(arch::Route::kSramDigital);
  std::vector<float> t = {0, 1, 1, 0};
  EXPECT_EQ(program_cells(p, t, {1, 0, 0, 0}).g_s, t);
}

TEST(Programming, StuckAtFaultRates) {
  DeviceParams p = default_device_params(arch::Route::kReram);
  p.stuck_on_rate = 0.01;
  p.stuck_off_rate = 0.02;
  std::vector<float> t(200000, static_cast<float>(0.5 * p.g_max_s));
  ProgrammedCells c = program_cells(p, t, {3, 0, 0, 0});
  size_t on = 0, off = 0;
  for (float g : c.g_s) {
    on += g == static_cast<float>(p.g_max_s);
    off += g == static_cast<float>(p.g_min_s);
  }
  EXPECT_NEAR(on / 200000.0, 0.01, 0.0015);
  EXPECT_NEAR(off / 200000.0, 0.02, 0.002);
}

TEST(Programming, PcmDriftLowersConductanceOverTime) {
  DeviceParams p = default_device_params(arch::Route::kPcm);
  std::vector<float> t(10000, 12e-6f);
  ProgrammedCells c = program_cells(p, t, {9, 0, 0, 0});
  std::vector<float> g1(t.size()), g2(t.size());
  conductance_at(p, c, 1.0, g1);
  conductance_at(p, c, 86400.0, g2);
  double s1 = 0, s2 = 0;
  for (size_t i = 0; i < t.size(); ++i) s1 += g1[i], s2 += g2[i];
  EXPECT_LT(s2 / s1, 0.8);  // ~0.66 expected at g_norm ~0.5 after a day
  EXPECT_GT(s2 / s1, 0.5);
}
