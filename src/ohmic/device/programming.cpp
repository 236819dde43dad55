#include "ohmic/device/programming.h"

#include <algorithm>
#include <cmath>

namespace ohmic::device {
namespace {

// CrossSim's RRAM fit to NeuRRAM (Wan et al. 2022): sigma [uS] = 1.536e-4 G^3 - 1.167e-2 G^2 + 0.2374 G + 1.053,
// G in uS, valid to 39.26 uS; floored at 0.
double rram_wan_sigma_s(double g_s) {
  double g = std::clamp(g_s * 1e6, 0.0, 39.26);
  return std::max(1.536e-4 * g * g * g - 1.167e-2 * g * g + 0.2374 * g + 1.053, 0.0) * 1e-6;
}

// CrossSim's SONOS fits in the current domain (nA): sigma_I = max(A - A exp(-I / B), 0).
double sonos_sigma_na(double i_na, double a, double b) { return std::max(a - a * std::exp(-i_na / b), 0.0); }
constexpr double kSonosProgA = 19.88665, kSonosProgB = 176.3115;  // programming
constexpr double kSonosReadA = 12.58037, kSonosReadB = 215.36557;  // read

}  // namespace

double programming_sigma_s(const DeviceParams& p, double target_s) {
  switch (p.programming) {
    case ProgrammingNoise::kNone: return 0.0;
    case ProgrammingNoise::kPcmJoshi: return pcm_programming_sigma_s(p.pcm, target_s);
    case ProgrammingNoise::kRramWan: return rram_wan_sigma_s(target_s);
    case ProgrammingNoise::kSonos: {
      double i_na = target_s * p.read_voltage_v * 1e9;
      return sonos_sigma_na(i_na, kSonosProgA, kSonosProgB) * 1e-9 / p.read_voltage_v;
    }
    case ProgrammingNoise::kRelative: return p.prog_sigma_rel * p.g_max_s;
  }
  return 0.0;
}

ProgrammedCells program_cells(const DeviceParams& p, std::span<const float> target_s, StreamKey key) {
  const size_t n = target_s.size();
  ProgrammedCells cells;
  cells.g_s.assign(target_s.begin(), target_s.end());
  if (!p.analog) return cells;
  std::vector<float> z(n);
  if (p.programming != ProgrammingNoise::kNone) {
    RandomStream(purpose_key(key, NoisePurpose::kProgramming)).fill_normal(0, z);
    for (size_t i = 0; i < n; ++i) {
      double g = target_s[i] + programming_sigma_s(p, target_s[i]) * z[i];
      // Conductance cannot be negative; the programmed value may overshoot g_max slightly as real devices do.
      cells.g_s[i] = static_cast<float>(std::max(g, 0.0));
    }
  }
  if (p.d2d_sigma_rel > 0) {
    RandomStream(purpose_key(key, NoisePurpose::kVariation)).fill_normal(0, z);
    for (size_t i = 0; i < n; ++i)
      cells.g_s[i] = static_cast<float>(std::max(0.0, cells.g_s[i] * (1.0 + p.d2d_sigma_rel * z[i])));
  }
  if (p.stuck_on_rate > 0 || p.stuck_off_rate > 0) {
    RandomStream(purpose_key(key, NoisePurpose::kFaults)).fill_uniform(0, z);
    for (size_t i = 0; i < n; ++i) {
      if (z[i] < p.stuck_off_rate) cells.g_s[i] = static_cast<float>(p.g_min_s);
      else if (z[i] < p.stuck_off_rate + p.stuck_on_rate) cells.g_s[i] = static_cast<float>(p.g_max_s);
    }
  }
  if (p.pcm_drift) {
    cells.nu.resize(n);
    RandomStream(purpose_key(key, NoisePurpose::kDrift)).fill_normal(0, z);
    for (size_t i = 0; i < n; ++i) {
      DriftStatistics d = pcm_drift_statistics(p.pcm, cells.g_s[i]);
      cells.nu[i] = static_cast<float>(std::abs(d.nu_mean + d.nu_sigma * z[i]));
    }
  }
  return cells;
}

void conductance_at(const DeviceParams& p, const ProgrammedCells& cells, double t_s, std::span<float> g_t_s) {
  const size_t n = cells.g_s.size();
  if (p.pcm_drift) {
    for (size_t i = 0; i < n; ++i)
      g_t_s[i] = static_cast<float>(cells.g_s[i] * pcm_drift_factor(p.pcm, t_s, cells.nu[i]));
    return;
  }
  if (p.retention_loss_per_decade > 0 && t_s > 1.0) {
    double keep = std::max(0.0, 1.0 - p.retention_loss_per_decade * std::log10(t_s));
    for (size_t i = 0; i < n; ++i)
      g_t_s[i] = static_cast<float>(p.g_min_s + (cells.g_s[i] - p.g_min_s) * keep);
    return;
  }
  std::copy(cells.g_s.begin(), cells.g_s.end(), g_t_s.begin());
}

void read_sigma(const DeviceParams& p, const ProgrammedCells& cells, std::span<const float> g_t_s, double t_s,
                std::span<float> sigma_s) {
  const size_t n = cells.g_s.size();
  if (p.pcm_drift) {
    for (size_t i = 0; i < n; ++i) sigma_s[i] = static_cast<float>(pcm_read_sigma_s(p.pcm, cells.g_s[i], g_t_s[i], t_s));
    return;
  }
  if (p.programming == ProgrammingNoise::kSonos) {
    for (size_t i = 0; i < n; ++i) {
      double i_na = g_t_s[i] * p.read_voltage_v * 1e9;
      sigma_s[i] = static_cast<float>(sonos_sigma_na(i_na, kSonosReadA, kSonosReadB) * 1e-9 / p.read_voltage_v);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) sigma_s[i] = static_cast<float>(std::abs(g_t_s[i]) * p.read_sigma_rel);
}

}  // namespace ohmic::device
