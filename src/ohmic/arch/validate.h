#pragma once
// Cross-field and physical checks on a freshly read ChipSpec: sizes positive, bit widths in range, active rows within
// the array, ADC sharing dividing the columns, cell kinds matching the route, ... Throws ohmic::Error naming the
// field's file:line and the fix. Internal to the loader.
#include "ohmic/arch/spec.h"

namespace ohmic::arch::detail {

void validate_chip(const ChipSpec& spec);

}  // namespace ohmic::arch::detail
