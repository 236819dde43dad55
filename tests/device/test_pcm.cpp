#include <gtest/gtest.h>

#include <cmath>

#include "ohmic/device/pcm_model.h"

using namespace ohmic::device;

namespace {
// E[((t + t0) / t0)^(-nu)] for nu ~ N(mu, sigma) (|nu| = nu here since mu >> sigma): exp(-mu L + sigma^2 L^2 / 2).
double mean_drift_factor(const PcmParams& p, double g_norm, double t) {
  DriftStatistics d = pcm_drift_statistics(p, g_norm * p.g_max_s);
  double L = std::log((t + p.t0_s) / p.t0_s);
  return std::exp(-d.nu_mean * L + 0.5 * d.nu_sigma * d.nu_sigma * L * L);
}
}  // namespace

// Check values from MODELS.md (Joshi 2020 / aihwkit).
TEST(PcmModel, ProgrammingSigmaCheckValues) {
  PcmParams p;
  EXPECT_NEAR(pcm_programming_sigma_s(p, 0.1 * p.g_max_s) * 1e6, 0.448, 0.001);
  EXPECT_NEAR(pcm_programming_sigma_s(p, 0.5 * p.g_max_s) * 1e6, 0.953, 0.001);
}

TEST(PcmModel, DriftStatisticsCheckValues) {
  PcmParams p;
  DriftStatistics a = pcm_drift_statistics(p, 0.1 * p.g_max_s);
  EXPECT_NEAR(a.nu_mean, 0.0601, 1e-4);
  EXPECT_NEAR(a.nu_sigma, 0.0229, 1e-4);
  DriftStatistics b = pcm_drift_statistics(p, 0.5 * p.g_max_s);
  EXPECT_NEAR(b.nu_mean, 0.049, 1e-6);  // clipped at the lower bound
  EXPECT_NEAR(b.nu_sigma, 0.008, 1e-6);
}

TEST(PcmModel, MeanDriftFactorCheckValues) {
  PcmParams p;
  const double t[] = {1.0, 3600.0, 86400.0, 365.0 * 86400.0};
  const double at01[] = {0.997, 0.737, 0.616, 0.447};
  const double at05[] = {0.998, 0.776, 0.665, 0.500};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(mean_drift_factor(p, 0.1, t[k]), at01[k], 0.0015) << "t=" << t[k];
    EXPECT_NEAR(mean_drift_factor(p, 0.5, t[k]), at05[k], 0.0015) << "t=" << t[k];
  }
}

TEST(PcmModel, ReadNoiseGrowsWithTimeAndShrinksRelativelyWithConductance) {
  PcmParams p;
  double g = 0.5 * p.g_max_s;
  EXPECT_GT(pcm_read_sigma_s(p, g, g, 86400.0), pcm_read_sigma_s(p, g, g, 1.0));
  double rel_low = pcm_read_sigma_s(p, 0.05 * p.g_max_s, 0.05 * p.g_max_s, 1.0) / (0.05 * p.g_max_s);
  double rel_high = pcm_read_sigma_s(p, g, g, 1.0) / g;
  EXPECT_GT(rel_low, rel_high);
}
