#include "ohmic/device/pcm_model.h"

#include <algorithm>
#include <cmath>

namespace ohmic::device {

double pcm_programming_sigma_s(const PcmParams& p, double g_target_s) {
  double g = std::clamp(g_target_s / p.g_max_s, 0.0, 1.0);
  double sigma_us = (p.prog_c0 + p.prog_c1 * g + p.prog_c2 * g * g) * (p.g_max_s / 25e-6);
  return std::max(sigma_us, 0.0) * 1e-6;
}

DriftStatistics pcm_drift_statistics(const PcmParams& p, double g_prog_s) {
  // ln(0) is avoided the way aihwkit does: g_norm is floored at a tiny positive value; the clips then bound nu.
  double g = std::max(g_prog_s / p.g_max_s, 1e-9);
  double mu = std::clamp(p.nu_mu_a * std::log(g) + p.nu_mu_b, p.nu_mu_lo, p.nu_mu_hi);
  double sigma = std::clamp(p.nu_sigma_a * std::log(g) + p.nu_sigma_b, p.nu_sigma_lo, p.nu_sigma_hi);
  return {mu, sigma};
}

double pcm_drift_factor(const PcmParams& p, double t_s, double nu) {
  return std::pow((std::max(t_s, 0.0) + p.t0_s) / p.t0_s, -nu);
}

double pcm_read_sigma_s(const PcmParams& p, double g_prog_s, double g_t_s, double t_s) {
  double g = std::max(g_prog_s / p.g_max_s, 0.0);
  double q = std::min(p.read_q0 / std::max(std::pow(g, p.read_q_exp), p.read_q_floor), p.read_q_max);
  double ratio = (std::max(t_s, 0.0) + p.t0_s + p.t_read_s) / (2.0 * p.t_read_s);
  return std::abs(g_t_s) * q * std::sqrt(std::log(ratio));
}

}  // namespace ohmic::device
