#include "ohmic/cost/components/host_model.h"

#include "ohmic/cost/components/node_scaling.h"

namespace ohmic::cost {
namespace {
constexpr double kInstructionEnergyJ = 70e-12;  // Horowitz ISSCC 2014, 45 nm, 0.9 V
constexpr double kRefNodeNm = 45, kRefVddV = 0.9;
}  // namespace

double host_energy_per_op_j(double node_nm, double vdd_v) {
  return kInstructionEnergyJ * energy_scale(kRefNodeNm, kRefVddV, node_nm, vdd_v);
}

}  // namespace ohmic::cost
