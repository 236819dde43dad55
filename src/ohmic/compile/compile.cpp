#include "ohmic/compile/compile.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ohmic/compile/passes.h"
#include "ohmic/compile/verify.h"

namespace ohmic::compile {

const char* target_name(Target t) {
  switch (t) {
    case Target::kCim: return "cim";
    case Target::kDigitalUnit: return "digital_unit";
    case Target::kHost: return "host";
    case Target::kLayout: return "layout";
  }
  return "?";
}

Target target_from_name(const std::string& name) {
  for (Target t : {Target::kCim, Target::kDigitalUnit, Target::kHost, Target::kLayout})
    if (name == target_name(t)) return t;
  fail("plan", "unknown target '" + name + "'", "use cim, digital_unit, host or layout");
}

const std::vector<PassInfo>& compile_passes() {
  using namespace detail;
  static const std::vector<PassInfo> passes = {
      {"capability", "which nodes run on the CIM arrays, the digital unit, the host (each with its reason)",
       run_capability, print_capability},
      {"lower", "conv/gemm/matmul to matrix form (im2col geometry, batched matmul)", run_lower, print_lower},
      {"encode", "weight/input bits, scales, signed scheme, cell slicing, input slices, exact widths", run_encode,
       print_encode},
      {"partition", "array blocks per weight matrix (rows x cols, row/col phases, group packing)", run_partition,
       print_partition},
      {"schedule", "pipelined (all resident) or sequential rounds with DRAM reloads", run_schedule, print_schedule},
      {"replicate", "copies of the slowest layers in spare arrays", run_replicate, print_replicate},
      {"place", "blocks onto tiles and macros", run_place, print_place},
      {"count", "actions, bytes and cycles per layer; schedule totals", run_count, print_count},
  };
  return passes;
}

std::vector<std::string> pass_names() {
  std::vector<std::string> out;
  for (const PassInfo& p : compile_passes()) out.push_back(p.name);
  return out;
}

namespace {

ChipFacts chip_facts(const arch::ChipSpec& chip) {
  ChipFacts f;
  f.id = chip.id;
  f.route = arch::route_name(chip.route);
  f.rows = *chip.macro.rows;
  f.cols = *chip.macro.cols;
  f.rows_active = chip.macro.rows_active.value_or(f.rows);
  f.cols_active = chip.macro.cols_active.value_or(f.cols);
  f.bits_per_cell = chip.macro.bits_per_cell.value_or(1);
  f.tiles = *chip.tiles.count;
  f.macros_per_tile = *chip.tiles.macros_per_tile;
  f.adc_bits = arch::is_analog(chip.route) && chip.macro.adc.present() ? chip.macro.adc.bits.value_or(0) : 0;
  f.cols_per_adc = chip.macro.adc.cols_per_adc.value_or(1);
  f.has_dram = chip.dram.present();
  f.has_digital_unit = chip.digital_unit.present();
  return f;
}

}  // namespace

Expected<Plan> compile(const graph::Graph& graph, const arch::ChipSpec& chip, const CompileOptions& options,
                       const PassObserver& observer) {
  if (!chip.is_cim())
    return Expected<Plan>::failure(fmt::format("chip '{}' is a von Neumann baseline (route {}): it has no CIM arrays "
                                               "to map onto",
                                               chip.id, arch::route_name(chip.route)));
  if (options.batch < 1) fail("compile", "batch must be >= 1", "pass --batch 1 or more");
  Plan plan;
  plan.model = graph.name;
  plan.chip = chip_facts(chip);
  plan.batch = options.batch;
  const CompileContext ctx{graph, chip, options};
  for (const PassInfo& pass : compile_passes()) {
    const PassStatus status = pass.run(plan, ctx);
    if (!status)
      return Expected<Plan>::failure(fmt::format("cannot map '{}' onto '{}': {}", graph.name, chip.id, status.reason()));
    plan.passes_run.push_back(pass.name);
    if (observer) observer(pass, plan);
  }
  // A plan that breaks an invariant is a compiler bug, not an infeasible mapping: say so loudly.
  check_plan(plan, "compile: internal error: plan for '" + graph.name + "' on '" + chip.id + "'");
  return plan;
}

std::string print_pass(const Plan& plan, const std::string& pass_name) {
  for (const PassInfo& p : compile_passes())
    if (p.name == pass_name) return p.print(plan);
  fail("compile", "unknown pass '" + pass_name + "'", fmt::format("choose one of: {}", fmt::join(pass_names(), ", ")));
}

std::string print_plan(const Plan& plan) {
  std::string out = fmt::format("plan: model '{}' on chip '{}' ({}, {}x{} arrays, {} tiles x {} macros), batch {}\n",
                                plan.model, plan.chip.id, plan.chip.route, plan.chip.rows, plan.chip.cols,
                                plan.chip.tiles, plan.chip.macros_per_tile, plan.batch);
  for (const PassInfo& p : compile_passes()) out += p.print(plan);
  for (const std::string& n : plan.notes) out += "note: " + n + "\n";
  return out;
}

}  // namespace ohmic::compile
