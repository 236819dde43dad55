#pragma once
// Conformance results as JSON (keys documented in docs/onnx.md):
// {"passed": N, "failed": M, "skipped": K, "tests": [{"name", "status": "PASS|FAIL|SKIP", "reason", "dir"}]}
#include <string>
#include <vector>

#include "ohmic/conformance/runner.h"

namespace ohmic::conformance {

std::string results_json(const std::vector<CaseResult>& results);

}  // namespace ohmic::conformance
