#pragma once
// Plan <-> JSON. The JSON form has the same field names as plan.h (docs/plan-format.md); reading checks the format
// version and every field's presence and type, and throws ohmic::Error naming the file and the problem.
#include <string>

#include <nlohmann/json.hpp>

#include "ohmic/compile/counting.h"
#include "ohmic/compile/plan.h"

namespace ohmic::compile {

inline constexpr int kPlanFormatVersion = 1;

nlohmann::json plan_to_json(const Plan& plan);
// `where` names the source in errors (a file name).
Plan plan_from_json(const nlohmann::json& j, const std::string& where);

void write_plan_file(const Plan& plan, const std::string& path);
Plan read_plan_file(const std::string& path);

nlohmann::json action_counts_to_json(const ActionCounts& counts);

}  // namespace ohmic::compile
