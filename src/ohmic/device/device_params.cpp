#include "ohmic/device/device_params.h"

#include <fmt/format.h>

#include "ohmic/device/ir_drop_wire.h"

namespace ohmic::device {

DeviceParams default_device_params(arch::Route route) {
  DeviceParams p;
  p.route = route;
  using arch::Route;
  switch (route) {
    case Route::kPcm:
      p.analog = true;
      p.g_min_s = 0.0;
      p.g_max_s = 25e-6;
      p.programming = ProgrammingNoise::kPcmJoshi;
      p.pcm_drift = true;
      p.notes = {"PCM programming noise, drift and 1/f read noise: Joshi et al., Nat. Commun. 2020 (aihwkit PCMLikeNoiseModel)",
                 "g range 0..25 uS per device (Joshi 2020)"};
      break;
    case Route::kReram:
      p.analog = true;
      p.g_min_s = 1e-6;
      p.g_max_s = 39.26e-6;
      p.programming = ProgrammingNoise::kRramWan;
      p.read_sigma_rel = 0.01;
      p.retention_loss_per_decade = 0.005;
      p.notes = {"ReRAM programming noise: CrossSim fit to NeuRRAM data (Wan et al., Nature 2022), G <= 39.26 uS",
                 "g_min 1 uS: assumed (the fit's range starts near 0; 1 uS keeps an on/off ratio of ~40)",
                 "read noise 1% of G per read: assumed (order of 1T1R read-noise reports; no fit in MODELS.md)",
                 "retention loss 0.5% of (G - g_min) per decade after 1 s: assumed, not fitted"};
      break;
    case Route::kNorFlash:
      p.analog = true;
      p.read_voltage_v = 1.0;
      p.g_min_s = 0.0;
      p.g_max_s = 1.6e-6;  // 1600 nA at 1 V read
      p.programming = ProgrammingNoise::kSonos;
      p.retention_loss_per_decade = 0.01;
      p.notes = {"SONOS programming and read noise: CrossSim fits (sigma_I = A - A exp(-I/B), A, B in nA)",
                 "cell current range 0..1600 nA at 1 V read: assumed (CrossSim's SONOS currents are of this order)",
                 "retention loss 1% of current per decade after 1 s: assumed (CrossSim has measured drift over 0-5 days "
                 "but no closed form in MODELS.md)"};
      break;
    case Route::kMram:
      p.analog = true;
      p.g_min_s = 1.0 / 5000.0 / 2.5;  // R_AP = 2.5 R_P (TMR 150%)
      p.g_max_s = 1.0 / 5000.0;        // R_P = 5 kOhm
      p.programming = ProgrammingNoise::kNone;
      p.d2d_sigma_rel = 0.03;
      p.read_sigma_rel = 0.005;
      p.notes = {"MRAM: binary cells, R_P 5 kOhm, TMR 150%: assumed typical STT-MTJ values",
                 "device-to-device resistance variation 3%, read noise 0.5%: assumed"};
      break;
    case Route::kSramAnalog:
    case Route::kSramCharge:
      p.analog = true;
      p.g_min_s = 0.0;
      p.g_max_s = 1.0;  // normalized: a cell contributes 0 or 1 unit of current/charge
      p.programming = ProgrammingNoise::kNone;
      p.read_sigma_rel = 0.0;
      p.d2d_sigma_rel = route == Route::kSramCharge ? 0.002 : 0.02;
      p.notes = {"SRAM cells store exact bits; analog error comes from accumulation and the ADC",
                 route == Route::kSramCharge
                     ? "charge domain: capacitor mismatch 0.2% per unit cap: assumed (MOM caps match to ~0.1-0.5%)"
                     : "current domain: bitcell current variation 2% per cell: assumed (transistor mismatch)"};
      break;
    default:
      p.analog = false;
      p.notes = {"digital route: exact within accumulator widths"};
      break;
  }
  return p;
}

DeviceParams device_params_for(const arch::ChipSpec& chip) {
  DeviceParams p = default_device_params(chip.route);
  if (chip.macro.g_min_s.has_value()) p.g_min_s = *chip.macro.g_min_s;
  if (chip.macro.g_max_s.has_value()) {
    p.g_max_s = *chip.macro.g_max_s;
    if (p.programming == ProgrammingNoise::kPcmJoshi) p.pcm.g_max_s = p.g_max_s;
  }
  if (chip.macro.read_voltage_v.has_value()) p.read_voltage_v = *chip.macro.read_voltage_v;
  if (arch::is_resistive(chip.route)) {
    if (chip.macro.wire_resistance_ohm.has_value()) {
      p.r_wire_ohm = *chip.macro.wire_resistance_ohm;
      p.notes.push_back(fmt::format("wire segment {:g} ohm: macro.wire_resistance", p.r_wire_ohm));
    } else {
      const bool cross_point = chip.macro.cell.has_value() && *chip.macro.cell == arch::CellKind::k1r;
      const WireSegment w = wire_segment_resistance(*chip.node_nm, cross_point);
      p.r_wire_ohm = w.r_ohm;
      p.notes.push_back(w.source);
    }
  }
  return p;
}

}  // namespace ohmic::device
