#pragma once
// Argument checks shared by the IR-drop models (internal to ohmic_device).
#include <cmath>
#include <cstddef>

#include "ohmic/core/error.h"
#include "ohmic/device/ir_drop.h"

namespace ohmic::device {

// Sizes agree (v_size row voltages), conductances are finite and non-negative, the wire resistance is finite and
// non-negative (positive when the nodal solve needs it).
inline void check_circuit(const CrossbarCircuit& c, size_t v_size, bool nodal = false) {
  if (c.rows <= 0 || c.cols <= 0 || static_cast<int64_t>(c.g_s.size()) != c.rows * c.cols ||
      static_cast<int64_t>(v_size) != c.rows)
    fail("IR drop", "crossbar sizes do not match the conductance and voltage arrays");
  if (!std::isfinite(c.r_wire_ohm) || c.r_wire_ohm < 0)
    fail("IR drop", "wire resistance must be finite and non-negative", "give r_wire_ohm >= 0");
  if (nodal && !(c.r_wire_ohm > 0))
    fail("IR drop", "the nodal solve needs a positive wire resistance", "use the ideal currents for r_wire_ohm = 0");
  for (float g : c.g_s)
    if (!(g >= 0) || !std::isfinite(g)) fail("IR drop", "conductances must be finite and non-negative");
}

}  // namespace ohmic::device
