#pragma once
// Per-route device statistics used by the functional simulator. Each default names its source; where the literature
// gives no usable fit, the value is marked as an assumption in `notes` and reported as such.
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/device/pcm_model.h"

namespace ohmic::device {

enum class ProgrammingNoise {
  kNone,         // digital cells: written exactly
  kPcmJoshi,     // PcmParams polynomial (Joshi 2020)
  kRramWan,      // CrossSim fit to NeuRRAM (Wan et al., Nature 2022): sigma(G) cubic in G [uS], G <= 39.26 uS
  kSonos,        // CrossSim SONOS fit: sigma_I = A - A exp(-I / B) in nA
  kRelative,     // sigma = prog_sigma_rel * g_max (generic)
};

struct DeviceParams {
  arch::Route route = arch::Route::kSramDigital;
  bool analog = false;            // false: cells hold exact digital values; only ADC effects apply
  double g_min_s = 0.0;           // lowest programmable conductance (the "off" state)
  double g_max_s = 1.0;           // highest (on/off ratio = g_max / g_min)
  ProgrammingNoise programming = ProgrammingNoise::kNone;
  double prog_sigma_rel = 0.0;    // kRelative only
  double read_sigma_rel = 0.0;    // read noise sigma / |g| for routes without the PCM 1/f model, drawn every read
  bool pcm_drift = false;         // PCM: power-law drift and 1/f read noise (PcmParams)
  double retention_loss_per_decade = 0.0;  // flash/ReRAM: fraction of (g - g_min) lost per decade of time after 1 s
  double d2d_sigma_rel = 0.0;     // device-to-device variation: fixed multiplicative N(1, sigma) per device
  double stuck_on_rate = 0.0;     // fraction of devices stuck at g_max
  double stuck_off_rate = 0.0;    // fraction stuck at g_min
  double read_voltage_v = 0.2;    // used for current-domain fits (SONOS) and IR drop
  double r_wire_ohm = 0.0;        // IR drop: one row/column wire segment between neighbouring cells (0: ideal
                                  //   wires). device_params_for: macro.wire_resistance, else NeuroSim's wire model at
                                  //   the chip's node for resistive routes (device/ir_drop_wire.h); 0 for the others
  PcmParams pcm;
  std::vector<std::string> notes;  // sources and assumptions, printed in reports
};

// Defaults for the chip's route, with the chip's g_min/g_max/read voltage when it gives them.
DeviceParams device_params_for(const arch::ChipSpec& chip);
DeviceParams default_device_params(arch::Route route);

}  // namespace ohmic::device
