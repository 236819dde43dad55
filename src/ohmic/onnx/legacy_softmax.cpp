#include "ohmic/onnx/legacy_softmax.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ohmic::onnx::detail {
namespace {

using graph::Dim;
using graph::Node;
using graph::OpKind;
using graph::Shape;

constexpr int64_t kFirstOneAxisOpset = 13;  // ONNX changelog: Softmax-13 / LogSoftmax-13 normalize along one axis
constexpr int64_t kLegacyDefaultAxis = 1;   // Softmax-1/11 and LogSoftmax-1/11: attribute axis, default 1

bool is_softmax(OpKind op) { return op == OpKind::Softmax || op == OpKind::LogSoftmax; }

// Whether the flattening (pre-13) Softmax differs from softmax along the one axis for this input shape.
bool differs_from_one_axis(int64_t axis, const std::optional<Shape>& shape) {
  if (!shape) return axis != -1;  // unknown rank: only -1 is certainly the last axis
  const auto rank = static_cast<int64_t>(shape->size());
  const int64_t a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank - 1;  // an out-of-range axis is left alone for the kernel to report
}

// The product of dims [first, last): known when all are; a lone symbolic dim among 1s keeps its symbol.
Dim product(const Shape& s, size_t first, size_t last) {
  int64_t size = 1;
  std::optional<Dim> unknown;
  int unknowns = 0;
  for (size_t i = first; i < last; ++i) {
    if (s[i].known()) {
      size *= s[i].size;
    } else {
      unknown = s[i];
      ++unknowns;
    }
  }
  if (unknowns == 0) return Dim::of(size);
  return unknowns == 1 && size == 1 ? *unknown : Dim{};
}

// The type of Flatten(axis)'s output for an input of type `x`.
graph::TensorType flattened_type(const graph::TensorType& x, int64_t axis) {
  if (!x.shape) return {x.dtype, std::nullopt};
  const auto rank = static_cast<int64_t>(x.shape->size());
  const auto split = static_cast<size_t>(axis < 0 ? axis + rank : axis);
  return {x.dtype, Shape{product(*x.shape, 0, split), product(*x.shape, split, x.shape->size())}};
}

std::string unused_value_name(const graph::Graph& g, const std::string& base) {
  std::string name = base;
  for (int i = 1; g.find(name) != graph::kNoValue; ++i) name = base + "_" + std::to_string(i);
  return name;
}

int add_intermediate(graph::Graph& g, const std::string& base, graph::TensorType type) {
  return g.add_value(graph::Value{unused_value_name(g, base), std::move(type), std::nullopt, std::nullopt});
}

// Appends Shape, Flatten, the normalization over axis 1 and Reshape in place of `node`.
void expand(graph::Graph& g, Node node, std::vector<Node>& out) {
  const int x = node.inputs[0], y = node.outputs[0];
  const graph::TensorType x_type = g.value(x).type;  // copied: add_value may move the values
  const int64_t axis = node.attr_int("axis", kLegacyDefaultAxis);
  const std::string base = g.value(y).name + "/legacy_" + std::string(graph::op_name(node.op));
  const std::optional<Shape> rank_shape =
      x_type.shape ? std::optional<Shape>(Shape{Dim::of(static_cast<int64_t>(x_type.shape->size()))}) : std::nullopt;
  const int shape = add_intermediate(g, base + "/shape", {graph::DType::Int64, rank_shape});
  const int flat = add_intermediate(g, base + "/flat", flattened_type(x_type, axis));
  const int normalized = add_intermediate(g, base + "/normalized", g.value(flat).type);
  out.push_back(Node{OpKind::Shape, node.name + "/shape", {x}, {shape}, {}});
  out.push_back(Node{OpKind::Flatten, node.name + "/flatten", {x}, {flat}, {{"axis", axis}}});
  Node reshape{OpKind::Reshape, node.name + "/reshape", {normalized, shape}, {y}, {{"allowzero", int64_t{1}}}};
  node.inputs = {flat};
  node.outputs = {normalized};
  node.attrs["axis"] = int64_t{1};
  out.push_back(std::move(node));
  out.push_back(std::move(reshape));
}

}  // namespace

void expand_legacy_softmax(graph::Graph& g) {
  if (g.opset >= kFirstOneAxisOpset) return;
  std::vector<Node> nodes;
  nodes.reserve(g.nodes.size());
  for (Node& n : g.nodes) {
    const bool rewrite = is_softmax(n.op) && n.has_input(0) && !n.outputs.empty() &&
                         n.outputs[0] != graph::kNoValue &&
                         differs_from_one_axis(n.attr_int("axis", kLegacyDefaultAxis), g.value(n.inputs[0]).type.shape);
    if (rewrite) expand(g, std::move(n), nodes);
    else nodes.push_back(std::move(n));
  }
  g.nodes = std::move(nodes);
}

}  // namespace ohmic::onnx::detail
