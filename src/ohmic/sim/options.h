#pragma once
// What a functional simulation run applies. `ideal` is the exact chip (infinite ADC, no device effects): it equals
// compile's integer reference bit for bit. `realistic` applies the chip's ADC and the route's device effects, each
// of which can be switched off to see what it costs.
#include <cstdint>
#include <optional>
#include <string>

namespace ohmic::sim {

enum class SimMode { kIdeal, kRealistic };
enum class AdcRangeMode {
  kFixed,   // lossless full scale of the read: [rows x min digit product, rows x max digit product]
  kLayer,   // one range per layer from calibration column sums (percentile)
  kColumn,  // one range per physical column of each block from calibration column sums
};
const char* sim_mode_name(SimMode m);
SimMode sim_mode_from_name(const std::string& s);            // throws ohmic::Error on an unknown name
const char* adc_range_name(AdcRangeMode m);
AdcRangeMode adc_range_from_name(const std::string& s);      // throws ohmic::Error on an unknown name

struct SimOptions {
  SimMode mode = SimMode::kRealistic;
  uint64_t seed = 1;                 // one chip: programming, faults, variation and read noise all derive from it
  double time_s = 0.0;               // time since programming (PCM drift, flash/ReRAM retention)
  bool read_noise = true;
  bool programming_noise = true;     // programming noise, device-to-device variation (as the route has them)
  bool ir_drop = true;               // IR drop on the array wires (resistive routes with r_wire_ohm > 0)
  bool ir_drop_compensation = false; // program targets raised by 1 / their nominal IR-drop attenuation
  std::optional<double> fault_rate;  // stuck-at rate (half stuck on, half stuck off); unset: the route's own
  bool drift_compensation = true;    // global drift compensation per layer (PCM)
  AdcRangeMode adc_range = AdcRangeMode::kLayer;
  double adc_percentile = 0.9999;    // calibrated ranges: quantile of the calibration column sums
  double adc_gain_error = 0.0;       // relative
  double adc_offset_lsb = 0.0;
  int64_t chunk_positions = 256;     // positions per work chunk (bounds memory; does not change results)
  bool layer_snr = true;             // also run each CIM layer in float on the same input to measure its SNR
};

// Parses a time since programming: a number with unit s, m, h, d, y ("1h", "30s", "1y", "0"); throws ohmic::Error.
double parse_time_s(const std::string& text);

}  // namespace ohmic::sim
