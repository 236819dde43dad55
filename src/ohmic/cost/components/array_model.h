#pragma once
// Memory array read energy per active cell and cell area, per technology route. One "cell read" is one cell taking
// part in one array read (one input slice applied to the active rows).
//   sram_digital / dram_pim: the weight bit gates the input bit locally (AND gate); the adder tree is counted
//                 separately (digital_logic.h). Energy: one AND gate.
//   sram_analog:  current/voltage summing on the bitline: bitline charge C_bl·V·ΔV per cell, ΔV = V/2.
//   sram_charge:  one local capacitor per cell, charged to V with activity 1/2 (charge sharing): C_cap·V²/2.
//                 A C-2C ladder cell (sram_c2c) switches its unit C and the 2C series capacitor: 3·C_cap·V²/2.
//   reram, pcm, nor_flash, mram: ohmic conduction V_read²·G·t_on plus the bitline charge C_bl·V_read².
// Write energy/time (weight reload) per cell: SRAM = one bit of a buffer write; non-volatile cells from the route's
// program-and-verify cost (order of magnitude, sources in the .cpp).
#include "ohmic/arch/spec.h"

namespace ohmic::cost {

struct CellReadInputs {
  arch::Route route = arch::Route::kSramDigital;
  arch::CellKind cell = arch::CellKind::kSram6t;
  double node_nm = 28;
  double vdd_v = 0.9;
  double read_time_s = 1e-9;        // one array read
  double input_on_fraction = 0.5;   // mean fraction of the read time a row is driven (random inputs)
  double g_min_s = 0, g_max_s = 0;  // resistive routes; 0 = route default
  double read_voltage_v = 0;        // resistive routes; 0 = route default
};

// Route defaults for resistive cells (used when the chip gives none), with sources in array_model.cpp.
struct ResistiveDefaults {
  double g_min_s, g_max_s, read_voltage_v;
};
ResistiveDefaults resistive_defaults(arch::Route route);

double cell_read_energy_j(const CellReadInputs& in);
double cell_area_um2(arch::CellKind cell, double node_nm);

struct CellWrite {
  double energy_j = 0;  // per cell (all program-verify iterations)
  double time_s = 0;    // per row written (rows written one at a time, all columns in parallel)
};
CellWrite cell_write(arch::Route route, double node_nm, double vdd_v);

// Mean programmed conductance as a fraction of (g_max − g_min) above g_min: |w| uniform on [0,1] gives 1/2, and in a
// differential pair one of the two cells sits at g_min, so the average cell is at 1/4.
inline constexpr double kMeanConductanceFraction = 0.25;

}  // namespace ohmic::cost
