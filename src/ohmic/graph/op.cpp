#include "ohmic/graph/op.h"

#include <array>

namespace ohmic::graph {
namespace {

constexpr std::array kOps = {
#define OHMIC_OP(name, min_in, max_in, min_out, max_out) OpInfo{#name, min_in, max_in, min_out, max_out},
#include "ohmic/graph/ops.def"
#undef OHMIC_OP
};

}  // namespace

const OpInfo& op_info(OpKind op) { return kOps[static_cast<size_t>(op)]; }

std::optional<OpKind> op_from_name(std::string_view name) {
  for (size_t i = 0; i < kOps.size(); ++i)
    if (kOps[i].name == name) return static_cast<OpKind>(i);
  return std::nullopt;
}

int op_count() { return static_cast<int>(kOps.size()); }

}  // namespace ohmic::graph
