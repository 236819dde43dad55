#include "ohmic/cost/components/wire_model.h"

namespace ohmic::cost {

double wire_energy_per_bit_mm_j(double /*node_nm*/, double vdd_v) { return kWireCapPerMmF * vdd_v * vdd_v; }

}  // namespace ohmic::cost
