#pragma once
// The compiler's Plan as the cost model's action counts: the seam that replaces simple_mapping (simple_mapping.h)
// with the real mapping (src/ohmic/compile, docs/plan-format.md). Every count comes from the plan's blocks,
// replicas, rounds and fallback nodes, divided by the plan's batch (LayerActions are per sample).
//
// Usage: price_mapping(plan_mapping(plan, chip, chip_resources(chip)), chip, plan.model)
#include "ohmic/arch/spec.h"
#include "ohmic/compile/plan.h"
#include "ohmic/cost/actions.h"
#include "ohmic/cost/chip_resources.h"

namespace ohmic::cost {

MappingSummary plan_mapping(const compile::Plan& plan, const arch::ChipSpec& chip, const ChipResources& res);

}  // namespace ohmic::cost
