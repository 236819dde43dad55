#include "ohmic/cost/components/row_line_model.h"

#include <cmath>

#include "ohmic/cost/components/array_model.h"
#include "ohmic/cost/components/node_scaling.h"
#include "ohmic/cost/components/wire_model.h"

namespace ohmic::cost {
namespace {
// One transistor gate at 28 nm: ZigZag-IMC's NAND2 switches 0.7 fF (its 4 transistors' gates with the wiring of a
// fan-out-of-one load), i.e. about 0.175 fF per transistor gate — the order of a 28 nm minimum device
// (~1 fF/µm of gate width at 0.1–0.2 µm width).
constexpr double kGateCapF28 = 0.7e-15 / 4;
constexpr double kReferenceNodeNm = 28;
}  // namespace

int row_line_gates_per_cell(arch::Route route, arch::CellKind cell) {
  using arch::CellKind;
  using arch::Route;
  switch (route) {
    case Route::kSramDigital:
    case Route::kDramPim: return 2;  // one CMOS gate input (NMOS + PMOS) of the in-cell AND/NOR multiplier
    case Route::kSramAnalog: return cell == CellKind::kSram6t ? 2 : 1;  // 6T: both access devices; 8T+: read port
    case Route::kSramCharge: return 2;  // the input pair switching the cell's capacitor plate
    default: return 0;
  }
}

double row_line_cap_f(arch::Route route, arch::CellKind cell, double node_nm, double vdd_v, int64_t cols,
                      int64_t cols_active) {
  const int gates = row_line_gates_per_cell(route, cell);
  if (gates == 0) return 0;
  const double pitch_um = std::sqrt(cell_area_um2(cell, node_nm));
  const double wire_f = static_cast<double>(cols) * pitch_um * 1e-3 * kWireCapPerMmF;
  // Capacitance moves with the node like C·V² at a fixed voltage (Stillmaker & Baas ratio at vdd).
  const double gate_f = kGateCapF28 * energy_scale(kReferenceNodeNm, vdd_v, node_nm, vdd_v);
  return wire_f + static_cast<double>(cols_active) * gates * gate_f;
}

}  // namespace ohmic::cost
