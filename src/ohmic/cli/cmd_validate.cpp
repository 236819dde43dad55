// ohmic validate: published CIM figures (data/published-cim.yaml) beside the cost model's, with errors and a summary.
#include <iostream>
#include <memory>
#include <string>

#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/cost/validate.h"

namespace ohmic::cli {
namespace {

struct ValidateCliOptions {
  std::string json_path;
  std::string data_path;
};

void run_validate(const ValidateCliOptions& o) {
  const auto report = cost::validate_published(o.data_path.empty() ? cost::published_data_path() : o.data_path);
  if (o.json_path != "-") std::cout << cost::validation_text(report);
  if (o.json_path.empty()) return;
  write_json(o.json_path, cost::validation_json(report));
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto opt = std::make_shared<ValidateCliOptions>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Every published compute-in-memory figure (data/published-cim.yaml) beside the cost model's number for the "
      "preset that references it, with the error, grouped by level (macro, chip, vendor claim), and the summary "
      "against the target (median |error| of TOPS/W and TOPS/mm2 at macro level <= 25%, no route off by > 2x). A figure "
      "the preset was sized from (its `sized_from:`) is shown as 'not a check' and left out of the statistics.");
  cmd->add_option("--json", opt->json_path, "also write the table as JSON to FILE ('-' = stdout only, no text)");
  cmd->add_option("--data", opt->data_path, "published-figures YAML (default: data/published-cim.yaml of the source tree)");
  cmd->callback([opt] { run_validate(*opt); });
}

}  // namespace ohmic::cli
