#include "ohmic/conformance/runner.h"

#include <algorithm>
#include <filesystem>

#include "ohmic/conformance/isolated.h"
#include "ohmic/core/error.h"
#include "ohmic/exec/executor.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::conformance {
namespace {

namespace fs = std::filesystem;

CaseResult finish(CaseResult r, Status s, std::string reason = {}) {
  r.status = s;
  r.reason = std::move(reason);
  return r;
}

// <dir>/<prefix>0.pb, <prefix>1.pb, ... up to the first missing index.
std::vector<fs::path> numbered_files(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  for (int i = 0;; ++i) {
    fs::path p = dir / (prefix + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    files.push_back(p);
  }
  return files;
}

std::vector<fs::path> data_set_dirs(const fs::path& dir) {
  std::vector<fs::path> sets;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory() && e.path().filename().string().rfind("test_data_set_", 0) == 0) sets.push_back(e.path());
  std::sort(sets.begin(), sets.end());
  return sets;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

// Runs one data set; returns the failure reason, or "" when every output matches.
std::string run_data_set(exec::Executor& executor, const fs::path& set, const Tolerance& tol) {
  const graph::Graph& g = executor.graph();
  std::vector<graph::Tensor> inputs;
  for (const auto& f : numbered_files(set, "input_")) inputs.push_back(onnx::read_tensor_pb(f.string()));
  if (inputs.size() != g.inputs.size())
    return "data set has " + std::to_string(inputs.size()) + " input file(s), the model " +
           std::to_string(g.inputs.size()) + " input(s)";
  std::vector<graph::Tensor> outputs = executor.run(inputs);
  std::vector<fs::path> expected_files = numbered_files(set, "output_");
  if (expected_files.size() != outputs.size())
    return "model produced " + std::to_string(outputs.size()) + " output(s), data set expects " +
           std::to_string(expected_files.size());
  for (size_t k = 0; k < outputs.size(); ++k) {
    graph::Tensor expected = onnx::read_tensor_pb(expected_files[k].string());
    if (auto why = compare_tensors(outputs[k], expected, tol))
      return "output " + std::to_string(k) + " '" + g.value(g.outputs[k]).name + "': " + *why;
  }
  return {};
}

}  // namespace

std::string_view status_name(Status s) {
  switch (s) {
    case Status::Pass: return "PASS";
    case Status::Fail: return "FAIL";
    case Status::Skip: return "SKIP";
  }
  return "?";
}

std::vector<std::string> find_test_dirs(const std::vector<std::string>& roots) {
  std::vector<std::string> dirs;
  for (const auto& root : roots) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) fail(root, "is not a folder", "name an ONNX test folder or a folder of them");
    if (fs::exists(fs::path(root) / "model.onnx")) {
      dirs.push_back(root);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(root))
      if (e.is_directory() && fs::exists(e.path() / "model.onnx")) found.push_back(e.path().string());
    if (found.empty())
      fail(root, "holds no ONNX test (no model.onnx in it or its sub-folders)",
           "Debian's libonnx-testdata installs them under /usr/share/libonnx-testdata/data/node");
    std::sort(found.begin(), found.end());
    dirs.insert(dirs.end(), found.begin(), found.end());
  }
  return dirs;
}

std::string test_name(const std::string& dir) {
  fs::path path(dir);
  if (!path.has_filename()) path = path.parent_path();  // "dir/" -> "dir"
  return path.filename().string();
}

CaseResult run_case(const std::string& dir, const Filter& filter, const Tolerance& tol) {
  CaseResult r;
  r.dir = dir;
  r.name = test_name(dir);
  if (const FilterEntry* e = filter.find(r.name)) return finish(r, Status::Skip, "filtered: " + e->reason);
  try {
    graph::Graph g;
    try {
      g = onnx::import_model((fs::path(dir) / "model.onnx").string());
    } catch (const onnx::UnsupportedOpsError& e) {
      std::vector<std::string> ops;
      for (const auto& u : e.uses()) ops.push_back(u.op_type);
      return finish(r, Status::Skip, "uses ops outside ohmic's op list: " + join(ops));
    } catch (const onnx::UnsupportedOpsetError& e) {
      return finish(r, Status::Skip, e.reason());
    }
    std::vector<fs::path> sets = data_set_dirs(dir);
    if (sets.empty()) return finish(r, Status::Fail, "no test_data_set_* folder");
    exec::Executor executor(std::move(g));
    for (const auto& set : sets) {
      std::string why = run_data_set(executor, set, tol);
      if (!why.empty())
        return finish(r, Status::Fail, (sets.size() > 1 ? set.filename().string() + ": " : std::string()) + why);
    }
    return finish(r, Status::Pass);
  } catch (const Error& e) {
    return finish(r, Status::Fail, e.what());
  } catch (const std::exception& e) {
    return finish(r, Status::Fail, std::string("exception: ") + e.what());
  }
}

std::vector<CaseResult> run_all(const std::vector<std::string>& dirs, const RunOptions& options) {
  std::vector<CaseResult> results;
  for (const auto& dir : dirs) {
    if (!options.name_contains.empty() && test_name(dir).find(options.name_contains) == std::string::npos)
      continue;
    results.push_back(options.isolate ? run_case_isolated(dir, options.filter, options.tolerance, options.timeout_s)
                                      : run_case(dir, options.filter, options.tolerance));
    if (options.on_result) options.on_result(results.back());
  }
  return results;
}

Summary summarize(const std::vector<CaseResult>& results) {
  Summary s;
  for (const auto& r : results) {
    if (r.status == Status::Pass) ++s.passed;
    else if (r.status == Status::Fail) ++s.failed;
    else ++s.skipped;
  }
  return s;
}

std::string summary_line(const Summary& s) {
  std::string line = std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
  if (s.skipped) line += ", " + std::to_string(s.skipped) + " skipped";
  return line;
}

std::string result_line(const CaseResult& r) {
  std::string line = std::string(status_name(r.status)) + " " + r.name;
  if (r.reason.empty()) return line;
  std::string reason = r.reason;
  // Multi-line messages ("...:\n  item\n  item") become one line ("...: item; item").
  for (size_t p; (p = reason.find('\n')) != std::string::npos;) {
    size_t q = reason.find_first_not_of(' ', p + 1);
    const bool after_colon = p > 0 && reason[p - 1] == ':';
    reason.replace(p, (q == std::string::npos ? reason.size() : q) - p, after_colon ? " " : "; ");
  }
  return line + ": " + reason;
}

}  // namespace ohmic::conformance
