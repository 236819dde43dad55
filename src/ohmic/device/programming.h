#pragma once
// Cells as programmed and as read: programming noise, device-to-device variation and stuck-at faults are drawn once
// when an array is written; drift / retention change conductances deterministically with time (given each device's
// drift exponent); read noise is drawn at every read by the simulator from read_sigma().
#include <cstdint>
#include <span>
#include <vector>

#include "ohmic/core/rng.h"
#include "ohmic/device/device_params.h"

namespace ohmic::device {

// Purposes folded into StreamKey::c so every effect has its own stream.
enum class NoisePurpose : uint32_t { kProgramming = 1, kDrift = 2, kFaults = 3, kVariation = 4, kRead = 5, kAdc = 6 };

inline StreamKey purpose_key(StreamKey base, NoisePurpose p) {
  base.c = static_cast<uint32_t>(p);
  return base;
}

struct ProgrammedCells {
  std::vector<float> g_s;   // conductance right after programming (siemens, or normalized units for SRAM routes)
  std::vector<float> nu;    // PCM drift exponent per device (empty for other routes)
};

// Programs target conductances. Cell i uses position i of each purpose stream derived from `key`, so the result is
// the same however the caller splits the work.
ProgrammedCells program_cells(const DeviceParams& p, std::span<const float> target_s, StreamKey key);

// Conductances at time t after programming (drift for PCM, retention loss for flash/ReRAM; unchanged otherwise).
void conductance_at(const DeviceParams& p, const ProgrammedCells& cells, double t_s, std::span<float> g_t_s);

// Standard deviation of one read's noise for each cell, given its conductance at time t.
void read_sigma(const DeviceParams& p, const ProgrammedCells& cells, std::span<const float> g_t_s, double t_s,
                std::span<float> sigma_s);

// Programming-noise standard deviation for one target conductance (siemens), per the route's fit.
double programming_sigma_s(const DeviceParams& p, double target_s);

}  // namespace ohmic::device
