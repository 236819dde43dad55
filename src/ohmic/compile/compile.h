#pragma once
// The compiler: graph + chip -> Plan, through a fixed list of passes over the Plan data. Each pass can be printed
// after it ran (`ohmic compile --print-after PASS`). A mapping that cannot be made (the model does not fit and the
// chip has no DRAM to reload from, a von Neumann chip, ...) is an Expected failure with the reason; bad input
// (a corrupt graph) throws ohmic::Error.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/compile/plan.h"
#include "ohmic/core/error.h"
#include "ohmic/graph/graph.h"

namespace ohmic::compile {

struct CompileOptions {
  int64_t batch = 1;                      // size of the leading symbolic dimension of every value
  std::map<std::string, int64_t> dims;    // sizes of other symbolic dimensions ("seq" -> 128)
  int weight_bits = 0;                    // 0: the model's own bits when quantized, else min(8, chip max)
  int input_bits = 0;                     // 0: min(8, chip input_bits.max)
  bool replicate = true;                  // replicate slow layers into spare macros (pipelined plans)
  bool pack_groups = true;                // pack the groups of grouped/depthwise convs along an array's diagonal
  bool allow_reload = true;               // allow a sequential schedule with weight reloads from DRAM
};

// What every pass reads.
struct CompileContext {
  const graph::Graph& graph;
  const arch::ChipSpec& chip;
  const CompileOptions& options;
};

struct PassOk {};
using PassStatus = Expected<PassOk>;

struct PassInfo {
  std::string name;                       // "capability", "lower", ...
  std::string summary;                    // one line for --help
  std::function<PassStatus(Plan&, const CompileContext&)> run;
  std::function<std::string(const Plan&)> print;  // the part of the plan this pass produced
};

// The passes, in the order they run.
const std::vector<PassInfo>& compile_passes();
std::vector<std::string> pass_names();

// Called after each pass with the plan so far.
using PassObserver = std::function<void(const PassInfo&, const Plan&)>;

Expected<Plan> compile(const graph::Graph& graph, const arch::ChipSpec& chip, const CompileOptions& options = {},
                       const PassObserver& observer = {});

// The printed form of `plan` as seen by pass `pass_name` (throws ohmic::Error for an unknown pass name).
std::string print_pass(const Plan& plan, const std::string& pass_name);
// Everything: all pass printers in order.
std::string print_plan(const Plan& plan);

}  // namespace ohmic::compile
