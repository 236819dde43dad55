// `ohmic conformance DIR... [--filter FILE] [--json FILE] [--match TEXT] [--no-isolate] [--timeout S]`: runs ONNX
// backend node tests on the reference executor, each in its own process unless --no-isolate, and prints one line
// per test and a summary; exits 1 when any test failed. Filter entries naming none of the tests found are warned
// about on stderr (file and line), before the run.
#include <cstdio>

#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/conformance/report.h"
#include "ohmic/conformance/runner.h"

namespace ohmic::cli {

namespace {

struct ConformanceArgs {
  std::vector<std::string> dirs;
  std::string filter_file, json_file, match;
  bool no_isolate = false;
  int timeout_s = 300;
};

void run_conformance(const ConformanceArgs& a) {
  conformance::RunOptions options;
  if (!a.filter_file.empty()) options.filter = conformance::read_filter_file(a.filter_file);
  options.name_contains = a.match;
  options.isolate = !a.no_isolate;
  options.timeout_s = a.timeout_s;
  options.on_result = [](const conformance::CaseResult& r) {
    std::printf("%s\n", conformance::result_line(r).c_str());
    std::fflush(stdout);
  };
  const std::vector<std::string> dirs = conformance::find_test_dirs(a.dirs);
  std::vector<std::string> names;
  names.reserve(dirs.size());
  for (const auto& dir : dirs) names.push_back(conformance::test_name(dir));
  for (const auto& warning : conformance::stale_filter_entries(options.filter, names))
    std::fprintf(stderr, "ohmic: warning: %s\n", warning.c_str());
  auto results = conformance::run_all(dirs, options);
  conformance::Summary summary = conformance::summarize(results);
  std::printf("%s\n", conformance::summary_line(summary).c_str());
  if (!a.json_file.empty()) write_text_file(a.json_file, conformance::results_json(results));
  if (!summary.ok()) throw CLI::RuntimeError(1);
}

}  // namespace

void add_conformance_command(CLI::App& app) {
  auto args = std::make_shared<ConformanceArgs>();
  CLI::App* cmd = app.add_subcommand(
      "conformance",
      "Run ONNX backend node tests (folders with model.onnx + test_data_set_N/) on the reference executor");
  cmd->add_option("DIR", args->dirs, "test folder, or a folder of them (e.g. /usr/share/libonnx-testdata/data/node)")
      ->required();
  cmd->add_option("--filter", args->filter_file, "file of tests to skip, one per line: `test_name  # reason`");
  cmd->add_option("--json", args->json_file, "also write the results as JSON to this file");
  cmd->add_option("--match", args->match, "run only tests whose name contains this text");
  cmd->add_flag("--no-isolate", args->no_isolate,
                "run tests in this process (faster to debug; a crashing kernel then ends the whole run)");
  cmd->add_option("--timeout", args->timeout_s, "seconds per test before it counts as failed (isolated runs; 0 = none)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] { run_conformance(*args); });
}

}  // namespace ohmic::cli
