#include "ohmic/conformance/isolated.h"

#include "ohmic/core/child_process.h"

namespace ohmic::conformance {
namespace {

char status_code(Status s) { return s == Status::Pass ? 'P' : s == Status::Skip ? 'S' : 'F'; }
Status status_of(char code) { return code == 'P' ? Status::Pass : code == 'S' ? Status::Skip : Status::Fail; }

}  // namespace

CaseResult run_case_isolated(const std::string& dir, const Filter& filter, const Tolerance& tol, int timeout_s) {
  CaseResult r;
  r.dir = dir;
  r.name = test_name(dir);
  if (filter.find(r.name)) return run_case(dir, filter, tol);  // a SKIP; no process needed
  ChildResult child = run_in_child(
      "conformance (run with --no-isolate to run tests in this process)",
      [&] {
        CaseResult c = run_case(dir, filter, tol);
        return std::string(1, status_code(c.status)) + c.reason;
      },
      timeout_s);
  r.status = Status::Fail;
  if (!child.returned() || child.bytes.empty()) {
    r.reason = child.end == ChildResult::End::Exited ? "test process ended without a result (" + child.describe() + ")"
                                                     : child.describe();
    return r;
  }
  r.status = status_of(child.bytes[0]);
  r.reason = child.bytes.substr(1);
  return r;
}

}  // namespace ohmic::conformance
