#include "ohmic/cost/components/array_model.h"

#include <cmath>

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/digital_logic.h"
#include "ohmic/cost/components/node_scaling.h"
#include "ohmic/cost/components/sram_buffer.h"

namespace ohmic::cost {
namespace {

using arch::CellKind;
using arch::Route;

// Bitline load per cell ≈ 0.2 fF at 28 nm (drain junction + wire: a 256-cell bitline ≈ 50 fF, the order of CACTI's
// 28 nm technology parameters); scales with the cell pitch (√ of the bitcell area ratio).
constexpr double kBitlineCapPerCellF28 = 0.2e-15;
// Charge-domain compute capacitor per cell: 1.2 fF metal-fringe capacitor (Valavi et al., JSSC 2019; Jia et al., JSSC
// 2020, 65 nm). Matching-limited, so not scaled with the node.
constexpr double kComputeCapF = 1.2e-15;

double bitline_cap_per_cell_f(double node_nm) { return kBitlineCapPerCellF28 * std::sqrt(area_scale(28, node_nm)); }

}  // namespace

ResistiveDefaults resistive_defaults(Route route) {
  switch (route) {
    // ReRAM: NeuRRAM's programmed range reaches ~40 µS (Wan et al. 2022; CrossSim fit valid to 39.26 µS); on/off ≈ 40;
    // reads below ~0.3 V avoid disturb, 0.2 V taken.
    case Route::kReram: return {1e-6, 40e-6, 0.2};
    // PCM: g_max 25 µS (Joshi et al. 2020 / aihwkit), RESET state ≈ 0.1 µS; read at 0.2 V (below threshold switching).
    case Route::kPcm: return {0.1e-6, 25e-6, 0.2};
    // NOR flash in subthreshold: ≈ 1 µA at 0.5 V drain bias at the top level (CrossSim SONOS currents are hundreds
    // of nA), i.e. 2 µS equivalent; off ≈ 10 nS.
    case Route::kNorFlash: return {0.01e-6, 2e-6, 0.5};
    // MRAM: R_P ≈ 5 kΩ, TMR ≈ 100 % (R_AP ≈ 10 kΩ); 0.1 V read to avoid read disturb.
    case Route::kMram: return {100e-6, 200e-6, 0.1};
    default: fail("cost/array", std::string("route ") + arch::route_name(route) + " has no resistive cells");
  }
}

double cell_read_energy_j(const CellReadInputs& in) {
  const double c_bl = bitline_cap_per_cell_f(in.node_nm);
  switch (in.route) {
    case Route::kSramDigital:
    case Route::kDramPim:
      return gates(kNand2PerAndGate, kRandomDataActivity, {in.node_nm, in.vdd_v}).energy_j;
    case Route::kSramAnalog:
      return c_bl * in.vdd_v * (in.vdd_v / 2);
    case Route::kSramCharge:
      // A C-2C ladder branch carries its unit capacitor C and the 2C series capacitor to the next branch (Wang et
      // al., VLSI 2022): 3 unit capacitors switched per cell where a capacitor-per-cell design (Jia) switches one.
      return (in.cell == CellKind::kSramC2c ? 3.0 : 1.0) * kComputeCapF * in.vdd_v * in.vdd_v / 2;
    case Route::kReram:
    case Route::kPcm:
    case Route::kNorFlash:
    case Route::kMram: {
      const ResistiveDefaults d = resistive_defaults(in.route);
      const double g_min = in.g_min_s > 0 ? in.g_min_s : d.g_min_s;
      const double g_max = in.g_max_s > 0 ? in.g_max_s : d.g_max_s;
      const double v = in.read_voltage_v > 0 ? in.read_voltage_v : d.read_voltage_v;
      const double g_mean = g_min + kMeanConductanceFraction * (g_max - g_min);
      return v * v * g_mean * in.read_time_s * in.input_on_fraction + c_bl * v * v;
    }
    default: fail("cost/array", std::string("route ") + arch::route_name(in.route) + " is not a CIM route");
  }
}

double cell_area_um2(CellKind cell, double node_nm) {
  const double sram = sram_6t_bitcell_um2(node_nm);
  const double f2 = node_nm * node_nm * 1e-6;  // one F² in µm² with F = node
  switch (cell) {
    case CellKind::kSram6t: return sram;
    case CellKind::kSram8t: return 1.3 * sram;    // 8T read-decoupled cell ≈ 30 % larger (Chang et al., JSSC 2008)
    case CellKind::kSram10t: return 1.7 * sram;   // 10T ≈ 1.7× 6T (Calhoun & Chandrakasan, JSSC 2007)
    case CellKind::kSram12t: return 2.0 * sram;   // 12T ≈ 2× 6T (two extra read/compute ports)
    case CellKind::kSramCap: return 1.8 * sram;   // 6T + compute cap ≈ 1.8× 6T (Valavi et al., JSSC 2019: +80 %)
    case CellKind::kGainCell: return 0.5 * sram;  // 2T/3T gain cell ≈ half a 6T cell (eDRAM gain-cell literature)
    case CellKind::kSramC2c: return 1.8 * sram;   // SRAM + ladder switch and capacitors (MOM, stacked over the
                                                  // cell): taken equal to sram_cap, no published cell area
    // 1T1R: NeuroSim's default cell, 4F x 12F = 48 F² (Param.cpp heightInFeatureSize1T1R 4, widthInFeatureSize1T1R
    // 12: the access transistor is widened for the analog read current; ITRS ERD's 6–20 F² are memory-density cells).
    case CellKind::k1t1r: return 48 * f2;
    case CellKind::k2t2r: return 2 * 48 * f2;     // two NeuroSim 1T1R cells
    case CellKind::k1r: return 4 * f2;            // selector-less crosspoint, 4 F² (ITRS)
    case CellKind::kFloatingGate:                 // NOR flash 9–11 F² (ITRS)
    case CellKind::kChargeTrap: return 10 * f2;   // charge-trap flash: the same NOR cell figure
    case CellKind::k1t1mtj: return 20 * f2;       // STT-MRAM 6–20 F² (ITRS ERD)
    case CellKind::k2t2mtj: return 40 * f2;
    case CellKind::kDram1t1c: return 6 * f2;      // DRAM 6 F² (ITRS)
  }
  return sram;
}

CellWrite cell_write(Route route, double node_nm, double vdd_v) {
  switch (route) {
    // Non-volatile cells: one programming pulse × ~10 program-and-verify iterations (order of magnitude).
    // ReRAM: ~100 µA × 1 V × 50 ns = 5 pJ per pulse; pulse + verify ≈ 100 ns.
    case Route::kReram: return {10 * 5e-12, 10 * 100e-9};
    // PCM: RESET ~200 µA × 1.5 V × 50 ns = 15 pJ; SET ~1 µs; iterative programming (IBM) ~ 10 iterations.
    case Route::kPcm: return {10 * 15e-12, 10 * 1e-6};
    // NOR flash: channel-hot-electron/FN program ~1 nJ and ~10 µs per pulse.
    case Route::kNorFlash: return {10 * 1e-9, 10 * 10e-6};
    // STT-MRAM: ~100 µA × 1 V × 10 ns = 1 pJ, single pulse.
    case Route::kMram: return {1e-12, 10e-9};
    default: {
      // Volatile cells (SRAM, gain cell, DRAM): one bit of a small-buffer write, one cycle of ~2 ns per row.
      const SramCost s = sram_buffer(16 * 1024, 64, node_nm, vdd_v);
      return {s.write_energy_j / 64, 2e-9};
    }
  }
}

}  // namespace ohmic::cost
