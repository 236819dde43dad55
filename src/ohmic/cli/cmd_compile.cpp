// `ohmic compile MODEL --chip CHIP [--plan FILE] [--print-after PASS]`: maps an ONNX model onto a chip and prints
// the plan (docs/compiler.md); --plan writes it as JSON (docs/plan-format.md), read back and verified.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ohmic/arch/loader.h"
#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/compile/compile.h"
#include "ohmic/compile/counting.h"
#include "ohmic/compile/plan_json.h"
#include "ohmic/compile/verify.h"
#include "ohmic/core/error.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::cli {
namespace {

struct CompileArgs {
  std::string model, chip, plan_file, counts_file;
  std::vector<std::string> print_after, dims;
  compile::CompileOptions options;
  bool no_replicate = false, no_reload = false, no_pack = false, full = false;
};

std::map<std::string, int64_t> parse_dims(const std::vector<std::string>& items) {
  std::map<std::string, int64_t> out;
  for (const std::string& s : items) {
    const size_t eq = s.find('=');
    try {
      if (eq == std::string::npos || eq == 0) throw std::invalid_argument(s);
      const int64_t v = std::stoll(s.substr(eq + 1));
      if (v < 1) throw std::invalid_argument(s);
      out[s.substr(0, eq)] = v;
    } catch (const std::exception&) {
      fail("--dim " + s, "expected NAME=SIZE with SIZE >= 1", "e.g. --dim seq=128");
    }
  }
  return out;
}

void run_compile(CompileArgs a) {
  graph::Graph g = onnx::import_model(a.model);
  g.name = std::filesystem::path(a.model).stem().string();  // exporters name every graph "torch_jit"/"main_graph"
  const arch::ChipSpecPtr chip = arch::load_chip(a.chip);
  a.options.dims = parse_dims(a.dims);
  a.options.replicate = !a.no_replicate;
  a.options.allow_reload = !a.no_reload;
  a.options.pack_groups = !a.no_pack;
  const auto wanted = [&](const std::string& pass) {
    for (const std::string& p : a.print_after)
      if (p == pass || p == "all") return true;
    return false;
  };
  for (const std::string& p : a.print_after)
    if (p != "all") (void)compile::print_pass(compile::Plan{}, p);  // rejects unknown pass names before compiling
  const Expected<compile::Plan> plan = compile::compile(
      g, *chip, a.options, [&](const compile::PassInfo& pass, const compile::Plan& so_far) {
        if (wanted(pass.name)) std::fputs(pass.print(so_far).c_str(), stdout);
      });
  if (!plan) fail(a.model, plan.reason());
  if (a.full) std::fputs(compile::print_plan(*plan).c_str(), stdout);
  else if (a.print_after.empty()) std::fputs(compile::print_pass(*plan, "count").c_str(), stdout);
  for (const std::string& n : plan->notes) std::printf("note: %s\n", n.c_str());
  if (!a.plan_file.empty()) {
    compile::write_plan_file(*plan, a.plan_file);
    const compile::Plan back = compile::read_plan_file(a.plan_file);
    compile::check_plan(back, a.plan_file);
    if (!(back == *plan)) fail(a.plan_file, "the plan read back differs from the plan written", "report this as a bug");
    std::printf("plan written to %s (verified after reading back)\n", a.plan_file.c_str());
  }
  if (!a.counts_file.empty())
    write_text_file(a.counts_file, compile::action_counts_to_json(compile::plan_action_counts(*plan)).dump(1) + "\n");
}

}  // namespace

void add_compile_command(CLI::App& app) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App* cmd = app.add_subcommand("compile", "Map an ONNX model onto a chip: capability/fallback, lowering, "
                                                "partition, encoding, replication, placement, schedule -> Plan");
  cmd->add_option("model", args->model, "ONNX model file")->required();
  cmd->add_option("--chip", args->chip, "preset id or chip YAML file (`ohmic chips` lists presets)")->required();
  cmd->add_option("--plan", args->plan_file, "write the plan as JSON (docs/plan-format.md)");
  std::string passes = "all";
  for (const std::string& p : compile::pass_names()) passes += ", " + p;
  cmd->add_option("--print-after", args->print_after, "print the plan after PASS (repeatable): " + passes);
  cmd->add_flag("--print", args->full, "print every pass's view of the final plan");
  cmd->add_option("--counts", args->counts_file, "write the plan's action counts (what the cost model prices) as JSON");
  cmd->add_option("--batch", args->options.batch, "size of the leading symbolic dimension (default 1)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dim", args->dims, "size of another symbolic dimension, NAME=SIZE (repeatable)");
  cmd->add_option("--weight-bits", args->options.weight_bits,
                  "weight bits (default: the model's own when quantized, else min(8, chip max))")
      ->check(CLI::Range(2, 16));
  cmd->add_option("--input-bits", args->options.input_bits, "input (activation) bits (default min(8, chip max))")
      ->check(CLI::Range(2, 16));
  cmd->add_flag("--no-replicate", args->no_replicate, "do not copy slow layers into spare arrays");
  cmd->add_flag("--no-reload", args->no_reload, "fail instead of scheduling sequentially with DRAM weight reloads");
  cmd->add_flag("--no-pack", args->no_pack, "give every group of a grouped conv its own arrays");
  cmd->callback([args] { run_compile(*args); });
}

}  // namespace ohmic::cli
