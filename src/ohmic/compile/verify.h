#pragma once
// The Plan verifier: invariants every plan must hold, whether it came from compile() or from a JSON file.
//  - coverage: every weight (group, row, col) of every layer is in exactly one block, and every block has one
//    placement per replica of its layer;
//  - capacity: no array holds two blocks in the same round; tiles, macros, rows and columns stay within the chip;
//    a pipelined plan fits the chip at once;
//  - shapes: matrix dims agree with the conv geometry; block dims agree with the encoding (planes, reference column);
//  - bit widths: the planes can represent every weight of weight_bits, the input slices every input of input_bits;
//  - bookkeeping: node decisions point at their layers, counts equal a recount from the blocks.
#include <string>
#include <vector>

#include "ohmic/compile/plan.h"

namespace ohmic::compile {

// Every problem found (empty when the plan is sound).
std::vector<std::string> verify_plan(const Plan& plan);
// Throws ohmic::Error listing the problems.
void check_plan(const Plan& plan, const std::string& where = "plan");

}  // namespace ohmic::compile
