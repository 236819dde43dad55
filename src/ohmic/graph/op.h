#pragma once
// OpKind and its metadata, generated from ops.def.
#include <optional>
#include <string_view>

namespace ohmic::graph {

inline constexpr int kVariadic = 1 << 30;

enum class OpKind : int {
#define OHMIC_OP(name, min_in, max_in, min_out, max_out) name,
#include "ohmic/graph/ops.def"
#undef OHMIC_OP
};

struct OpInfo {
  std::string_view name;
  int min_inputs, max_inputs, min_outputs, max_outputs;
};

const OpInfo& op_info(OpKind op);
inline std::string_view op_name(OpKind op) { return op_info(op).name; }
std::optional<OpKind> op_from_name(std::string_view name);
int op_count();

}  // namespace ohmic::graph
