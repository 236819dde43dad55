#include "ohmic/compile/counting.h"

namespace ohmic::compile {
namespace {

void add_op(OpTotals& t, const NodeDecision& d) {
  ++t.nodes;
  if (d.ops < 0) {
    ++t.unknown;
  } else {
    t.ops += d.ops;
  }
  t.bytes += d.bytes;
}

}  // namespace

ActionCounts plan_action_counts(const Plan& plan) {
  ActionCounts a;
  for (const LayerPlan& l : plan.layers) add_counts(a.cim, l.counts);
  a.cim_layers = static_cast<int64_t>(plan.layers.size());
  for (const NodeDecision& d : plan.nodes) {
    switch (d.target) {
      case Target::kCim: break;
      case Target::kHost:
        add_op(a.host, d);
        add_op(a.host_by_kind[d.op_kind], d);
        break;
      case Target::kDigitalUnit:
        add_op(a.digital_unit, d);
        add_op(a.digital_by_kind[d.op_kind], d);
        break;
      case Target::kLayout: add_op(a.layout, d); break;
    }
  }
  a.reload_bytes = plan.schedule.reload_bytes;
  a.rounds = static_cast<int64_t>(plan.schedule.rounds.size());
  a.pipeline_cycles = plan.schedule.pipeline_cycles;
  a.latency_cycles = plan.schedule.latency_cycles;
  a.macros_used = plan.schedule.macros_used;
  a.macros_available = plan.schedule.macros_available;
  a.batch = plan.batch;
  return a;
}

}  // namespace ohmic::compile
