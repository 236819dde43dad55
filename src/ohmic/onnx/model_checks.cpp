#include "ohmic/onnx/model_checks.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>

#include <map>
#include <set>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/graph/op.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx::detail {
namespace {

bool is_default_domain(const std::string& d) { return d.empty() || d == "ai.onnx"; }

std::string qualified_op(const ::onnx::NodeProto& n) {
  return is_default_domain(n.domain()) ? n.op_type() : n.domain() + "::" + n.op_type();
}

bool op_supported(const ::onnx::NodeProto& n) {
  if (!is_default_domain(n.domain())) return false;
  return n.op_type() == "Constant" || graph::op_from_name(n.op_type()).has_value();
}

std::string join_names(const std::vector<std::string>& names, size_t max_listed) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < max_listed; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > max_listed) s += ", ... and " + std::to_string(names.size() - max_listed) + " more";
  return s;
}

}  // namespace

std::string node_display_name(const ::onnx::NodeProto& node, int index) {
  return node.name().empty() ? node.op_type() + "_" + std::to_string(index) : node.name();
}

int64_t check_opset(const ::onnx::ModelProto& model, const std::string& where) {
  int64_t opset = -1;
  for (const auto& imp : model.opset_import())
    if (is_default_domain(imp.domain())) opset = imp.version();
  const std::string range = std::to_string(kMinOpset) + ".." + std::to_string(kMaxOpset);
  const std::string fix = "convert the model to an opset in " + range +
                          " (python: onnx.version_converter.convert_version(model, 13))";
  auto reject = [&](const std::string& reason, const std::string& details) {
    return UnsupportedOpsetError(error_message(where, reason + details, fix), reason);
  };
  if (opset < 0) throw reject("model imports no default-domain (ai.onnx) opset", "");
  if (opset > kMaxOpset) throw reject("opset " + std::to_string(opset) + " is newer than ohmic supports (" + range + ")", "");
  if (opset >= kMinOpset) return opset;
  std::map<std::string, std::vector<std::string>> changed;
  const auto& nodes = model.graph().node();
  for (int i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    // Constant is folded by the importer. Since opset 9 it takes every tensor type, and later versions only added
    // the value_* attributes an older model cannot use; before 9 it was float-only.
    if (!is_default_domain(n.domain()) || (n.op_type() == "Constant" && opset >= 9)) continue;
    // Softmax-11 / LogSoftmax-11 only added negative axes to version 1; the importer gives both their pre-13
    // (flattening) meaning (legacy_softmax.h).
    if (n.op_type() == "Softmax" || n.op_type() == "LogSoftmax") continue;
    const auto* old_schema = ::onnx::OpSchemaRegistry::Schema(n.op_type(), static_cast<int>(opset), "");
    const auto* new_schema = ::onnx::OpSchemaRegistry::Schema(n.op_type(), static_cast<int>(kMinOpset), "");
    if (!old_schema || !new_schema || old_schema->since_version() != new_schema->since_version())
      changed[n.op_type()].push_back(node_display_name(n, i));
  }
  if (changed.empty()) return opset;
  std::string list, ops;
  for (const auto& [op, names] : changed) {
    list += "\n  " + op + " (" + join_names(names, 5) + ")";
    ops += (ops.empty() ? "" : ", ") + op;
  }
  throw reject("opset " + std::to_string(opset) + " is older than " + std::to_string(kMinOpset) +
                   " and these ops were redefined since: " + ops,
               "; the nodes:" + list);
}

void check_supported_ops(const ::onnx::ModelProto& model, const std::string& where) {
  std::map<std::string, std::vector<std::string>> unsupported;
  const auto& nodes = model.graph().node();
  for (int i = 0; i < nodes.size(); ++i)
    if (!op_supported(nodes[i])) unsupported[qualified_op(nodes[i])].push_back(node_display_name(nodes[i], i));
  if (unsupported.empty()) return;
  std::vector<UnsupportedOpsError::Use> uses;
  std::string list;
  for (auto& [op, names] : unsupported) {
    list += "\n  " + op + " (" + std::to_string(names.size()) + " node" + (names.size() == 1 ? "" : "s") + ": " +
            join_names(names, 10) + ")";
    uses.push_back({op, std::move(names)});
  }
  std::string message = error_message(
      where, std::to_string(uses.size()) + " unsupported op type(s):" + list,
      "supported ops are listed by `ohmic inspect --list-ops`; replace these ops before export, or add them "
      "(graph/ops.def + an exec/ kernel)");
  throw UnsupportedOpsError(message, std::move(uses));
}

void run_onnx_checker(const ::onnx::ModelProto& model, const std::string& where) {
  try {
    ::onnx::checker::check_model(model);
  } catch (const std::exception& e) {
    fail(where, std::string("ONNX checker rejected the model: ") + e.what(), "fix or re-export the model");
  }
}

}  // namespace ohmic::onnx::detail
