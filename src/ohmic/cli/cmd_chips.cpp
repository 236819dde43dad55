// ohmic chips: list the chip presets, or show one resolved chip description with given/assumed/default markers.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ohmic/arch/describe.h"
#include "ohmic/arch/loader.h"
#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/core/error.h"
#include "ohmic/core/units.h"

namespace ohmic::cli {
namespace {

struct ChipsOptions {
  std::vector<std::string> args;  // [] or ["show", NAME]
  std::string show;
  std::string json_path;
};

void list_chips(const ChipsOptions& opt) {
  const auto presets = arch::list_presets();
  if (presets.empty())
    fail("ohmic chips", "no presets found", "set OHMIC_PRESETS to the presets/ folder of the ohmic source tree");
  nlohmann::json list = nlohmann::json::array();
  std::vector<std::string> broken;
  if (opt.json_path != "-") std::printf("%-28s %-13s %-7s %s\n", "id", "route", "node", "summary");
  for (const auto& p : presets) {
    arch::ChipSpecPtr chip;
    try {
      chip = arch::load_chip(p.path.string());
    } catch (const Error& e) {
      broken.emplace_back(e.what());
      continue;
    }
    const std::string node = format_quantity(*chip->node_nm * 1e-9, Dimension::kLength);
    if (opt.json_path != "-")
      std::printf("%-28s %-13s %-7s %s\n", p.id.c_str(), arch::route_name(chip->route), node.c_str(),
                  chip->summary.c_str());
    list.push_back({{"id", p.id},
                    {"name", chip->name},
                    {"route", arch::route_name(chip->route)},
                    {"node_nm", *chip->node_nm},
                    {"summary", chip->summary},
                    {"citation", chip->citation},
                    {"reference", chip->reference_id},
                    {"path", p.path.string()}});
  }
  if (!opt.json_path.empty()) write_json(opt.json_path, list);
  if (!broken.empty()) {
    for (const auto& b : broken) std::fprintf(stderr, "ohmic: preset error: %s\n", b.c_str());
    fail("ohmic chips", fmt::format("{} preset(s) failed to load", broken.size()), "fix the files named above");
  }
}

void show_chip(const std::string& name, const ChipsOptions& opt) {
  const arch::ChipSpecPtr chip = arch::load_chip(name);
  if (opt.json_path != "-") std::cout << arch::describe_chip(*chip);
  if (opt.json_path.empty()) return;
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& r : arch::spec_rows(*chip))
    fields.push_back({{"field", r.field}, {"value", r.value}, {"origin", arch::origin_name(r.origin)}, {"note", r.note}});
  nlohmann::json assumptions = nlohmann::json::array();
  for (const auto& a : chip->assumptions) assumptions.push_back({{"field", a.field}, {"why", a.why}});
  write_json(opt.json_path, {{"id", chip->id},
                             {"name", chip->name},
                             {"summary", chip->summary},
                             {"route", arch::route_name(chip->route)},
                             {"citation", chip->citation},
                             {"reference", chip->reference_id},
                             {"fields", fields},
                             {"assumptions", assumptions}});
}

}  // namespace

void add_chips_command(CLI::App& app) {
  auto opt = std::make_shared<ChipsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "chips", "List chip presets (id, route, node, summary), or show one: 'ohmic chips show NAME' prints the resolved "
               "description, each field marked given, A(ssumed by the preset) or D(efault)");
  cmd->add_option("args", opt->args, "'show NAME' to print one chip (NAME: preset id or path to a .yaml file)");
  cmd->add_option("--show", opt->show, "print one chip (preset id or path to a .yaml file)");
  cmd->add_option("--json", opt->json_path, "also write the list (or the shown chip) as JSON to FILE ('-': stdout only)");
  cmd->callback([opt] {
    std::string name = opt->show;
    if (!opt->args.empty()) {
      if (opt->args[0] != "show" || opt->args.size() != 2)
        fail("ohmic chips", "unexpected arguments", "use 'ohmic chips' or 'ohmic chips show NAME'");
      name = opt->args[1];
    }
    if (name.empty())
      list_chips(*opt);
    else
      show_chip(name, *opt);
  });
}

}  // namespace ohmic::cli
