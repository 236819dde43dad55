#include "ohmic/conformance/report.h"

#include <nlohmann/json.hpp>

namespace ohmic::conformance {

std::string results_json(const std::vector<CaseResult>& results) {
  Summary s = summarize(results);
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& r : results)
    tests.push_back({{"name", r.name}, {"status", status_name(r.status)}, {"reason", r.reason}, {"dir", r.dir}});
  nlohmann::json j = {{"passed", s.passed}, {"failed", s.failed}, {"skipped", s.skipped}, {"tests", tests}};
  return j.dump(2) + "\n";
}

}  // namespace ohmic::conformance
