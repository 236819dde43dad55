#pragma once
// Runs ONNX backend node tests (a folder with model.onnx and test_data_set_N/{input,output}_K.pb) on the reference
// executor. Each test: import the model, bind the inputs (by name, else in graph-input order), run exec::Executor,
// compare every output (compare.h). Outcomes: PASS; FAIL with the reason (import error, kernel error, mismatch);
// SKIP when the model uses an op outside graph/ops.def, its opset is outside what the importer accepts, or the test
// is in the filter.
#include <functional>
#include <string>
#include <vector>

#include "ohmic/conformance/compare.h"
#include "ohmic/conformance/filter.h"

namespace ohmic::conformance {

enum class Status { Pass, Fail, Skip };
std::string_view status_name(Status s);  // "PASS", "FAIL", "SKIP"

struct CaseResult {
  std::string name;  // the test folder's name, e.g. "test_conv_with_strides_padding"
  std::string dir;
  Status status = Status::Fail;
  std::string reason;  // empty for PASS
};

struct Summary {
  int passed = 0, failed = 0, skipped = 0;
  bool ok() const { return failed == 0; }
};

// Test folders under each root: the root itself when it holds model.onnx, else its sub-folders that do (sorted by
// name). A root that is neither is an error naming it.
std::vector<std::string> find_test_dirs(const std::vector<std::string>& roots);

// A test's name: its folder's name ("dir/" and "dir" alike), e.g. "test_conv_with_strides_padding".
std::string test_name(const std::string& dir);

// One test; never throws for a bad test (that is a FAIL), only for failures of the runner itself.
CaseResult run_case(const std::string& dir, const Filter& filter = {}, const Tolerance& tol = {});

struct RunOptions {
  Filter filter;
  std::string name_contains;  // run only tests whose name contains this ("" = all)
  Tolerance tolerance;
  bool isolate = true;   // each test in its own process (isolated.h): a crash or hang is one FAIL
  int timeout_s = 300;   // per test, when isolated (0 = none)
  std::function<void(const CaseResult&)> on_result;  // called as each test finishes
};

std::vector<CaseResult> run_all(const std::vector<std::string>& dirs, const RunOptions& options);
Summary summarize(const std::vector<CaseResult>& results);
// "N passed, M failed" plus ", K skipped" when any were skipped.
std::string summary_line(const Summary& s);
// One line: "PASS name", "FAIL name: reason", "SKIP name: reason".
std::string result_line(const CaseResult& r);

}  // namespace ohmic::conformance
