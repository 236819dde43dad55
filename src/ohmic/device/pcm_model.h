#pragma once
// Phase-change memory statistics after Joshi et al., "Accurate deep neural network inference using computational
// phase-change memory", Nat. Commun. 11, 2473 (2020), in the form IBM aihwkit implements (inference/noise/pcm.py).
// Conductances in siemens; g_norm = g_target / g_max.
namespace ohmic::device {

struct PcmParams {
  double g_max_s = 25e-6;  // Joshi 2020: 25 uS full-scale conductance per device
  double t0_s = 20.0;      // Joshi 2020: drift reference time after programming
  double t_read_s = 250e-9;  // aihwkit PCMLikeNoiseModel default read duration
  // Programming noise sigma(g_norm) = (c0 + c1 g + c2 g^2) * g_max / 25 uS, in uS (Joshi 2020 fit).
  double prog_c0 = 0.26348, prog_c1 = 1.9650, prog_c2 = -1.1731;
  // Drift exponent nu ~ |N(mu, sigma)|, mu = clip(a ln g + b, lo, hi), sigma = clip(c ln g + d, lo, hi) (Joshi 2020).
  double nu_mu_a = -0.0155, nu_mu_b = 0.0244, nu_mu_lo = 0.049, nu_mu_hi = 0.1;
  double nu_sigma_a = -0.0125, nu_sigma_b = -0.0059, nu_sigma_lo = 0.008, nu_sigma_hi = 0.045;
  // 1/f read noise: Q_s = min(q0 / max(g_norm^q_exp, q_floor), q_max) (Joshi 2020 / aihwkit).
  double read_q0 = 0.0088, read_q_exp = 0.65, read_q_floor = 1e-3, read_q_max = 0.2;
};

// Standard deviation of programming noise (siemens) for a target conductance (siemens).
double pcm_programming_sigma_s(const PcmParams& p, double g_target_s);

struct DriftStatistics {
  double nu_mean;
  double nu_sigma;
};
// Mean and spread of the drift exponent for a programmed conductance (siemens).
DriftStatistics pcm_drift_statistics(const PcmParams& p, double g_prog_s);

// Conductance multiplier ((t + t0) / t0)^(-nu) at time t (seconds) after programming.
double pcm_drift_factor(const PcmParams& p, double t_s, double nu);

// Standard deviation of one read's noise (siemens) for a device programmed to g_prog_s that has drifted to g_t_s.
double pcm_read_sigma_s(const PcmParams& p, double g_prog_s, double g_t_s, double t_s);

}  // namespace ohmic::device
