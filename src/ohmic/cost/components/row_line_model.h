#pragma once
// Row (wordline / input-line) switching: the line that carries one input slice along a physical row of the array.
// Each cell along the row hangs a stretch of wire one cell pitch long and the gates of the transistors the input
// drives in that cell; one pulse on the line costs C_line·V² from the supply (charged, then discharged).
//   C_line = cols · pitch · c_wire + cols_active · gates_per_cell · C_gate(node)
//   pitch = √(cell area) (array_model.h), c_wire = 0.2 fF/µm (wire_model.h),
//   C_gate = a NAND2 equivalent's switched capacitance / 4 transistors (ZigZag-IMC 0.7 fF at 28 nm), moved to the
//   node with Stillmaker & Baas at the same voltage (sources in the .cpp).
// Only SRAM-family and DRAM routes: resistive cells take their read voltage through the cell term (array_model.h).
#include <cstdint>

#include "ohmic/arch/spec.h"

namespace ohmic::cost {

// Transistor gates one input line drives in one cell: the in-cell multiplier's CMOS input (digital), the read-port
// access transistor (8T/10T/12T/gain-cell analog), both access transistors of a 6T cell, or the switch pair of a
// charge-domain cell; 0 where the route has no such line (resistive routes).
int row_line_gates_per_cell(arch::Route route, arch::CellKind cell);

// Capacitance of one row line (farads): `cols` cells of wire, `cols_active` cells with their gates.
double row_line_cap_f(arch::Route route, arch::CellKind cell, double node_nm, double vdd_v, int64_t cols,
                      int64_t cols_active);

}  // namespace ohmic::cost
