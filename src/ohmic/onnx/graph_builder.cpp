#include "ohmic/onnx/graph_builder.h"

#include <map>
#include <set>

#include "ohmic/core/error.h"
#include "ohmic/onnx/model_checks.h"
#include "ohmic/onnx/tensor_proto.h"

namespace ohmic::onnx::detail {
namespace {

using graph::Attribute;
using graph::Tensor;

graph::TensorType type_of_tensor(const Tensor& t) {
  graph::Shape shape;
  for (int64_t d : t.dims()) shape.push_back(graph::Dim::of(d));
  return {t.dtype(), std::move(shape)};
}

std::string attr_type_name(::onnx::AttributeProto::AttributeType t) {
  return ::onnx::AttributeProto::AttributeType_Name(t);
}

Attribute attribute_from_proto(const ::onnx::AttributeProto& a, const std::string& where, const std::string& node) {
  using A = ::onnx::AttributeProto;
  switch (a.type()) {
    case A::INT: return a.i();
    case A::FLOAT: return a.f();
    case A::STRING: return a.s();
    case A::INTS: return std::vector<int64_t>(a.ints().begin(), a.ints().end());
    case A::FLOATS: return std::vector<float>(a.floats().begin(), a.floats().end());
    case A::STRINGS: return std::vector<std::string>(a.strings().begin(), a.strings().end());
    case A::TENSOR: return tensor_from_proto(a.t(), where + ": " + node + " attribute '" + a.name() + "'");
    default:
      fail(where, node + " attribute '" + a.name() + "' has kind " + attr_type_name(a.type()) +
                      ", which ohmic does not read",
           "export the model without subgraphs or sparse/typed attributes");
  }
}

// The tensor a Constant node produces, from whichever of its value attributes is set.
Tensor constant_value(const ::onnx::NodeProto& n, const std::string& where, const std::string& label) {
  if (n.attribute_size() != 1) fail(where, label + " must have exactly one value attribute", "fix the model");
  const auto& a = n.attribute(0);
  const std::string& k = a.name();
  if (k == "value") return tensor_from_proto(a.t(), where + ": " + label);
  if (k == "value_float") return Tensor::scalar<float>(a.f());
  if (k == "value_int") return Tensor::scalar<int64_t>(a.i());
  if (k == "value_floats") {
    std::vector<float> v(a.floats().begin(), a.floats().end());
    return Tensor::from<float>({static_cast<int64_t>(v.size())}, std::span<const float>(v));
  }
  if (k == "value_ints") {
    std::vector<int64_t> v(a.ints().begin(), a.ints().end());
    return Tensor::from<int64_t>({static_cast<int64_t>(v.size())}, std::span<const int64_t>(v));
  }
  if (k == "value_string" || k == "value_strings")
    fail(where, label + " holds strings; ohmic handles numeric tensors only", "remove string constants from the model");
  fail(where, label + " uses attribute '" + k + "', which ohmic does not read", "store the constant as a dense tensor");
}

class Builder {
 public:
  Builder(::onnx::ModelProto& model, const std::string& where) : model_(model), where_(where) {}

  graph::Graph build(int64_t opset) {
    auto& gp = *model_.mutable_graph();
    g_.name = gp.name();
    g_.opset = opset;
    collect_value_infos();
    std::set<std::string> initializer_names;
    for (auto& init : *gp.mutable_initializer()) {
      Tensor t = tensor_from_proto(init, where_);
      if (init.has_raw_data()) std::string().swap(*init.mutable_raw_data());  // the Tensor holds the data now
      g_.add_value(graph::Value{init.name(), type_of_tensor(t), std::nullopt, std::move(t)});
      initializer_names.insert(init.name());
    }
    for (const auto& in : gp.input()) {
      if (initializer_names.count(in.name())) continue;
      int id = g_.add_value(graph::Value{in.name(), type_from_proto(in.type(), where_, in.name()), {}, {}});
      g_.inputs.push_back(id);
    }
    for (int i = 0; i < gp.node_size(); ++i) add_node(gp.node(i), i);
    for (const auto& out : gp.output()) {
      int id = g_.find(out.name());
      if (id == graph::kNoValue)
        fail(where_, "graph output '" + out.name() + "' is produced by no node", "fix the model's outputs");
      g_.outputs.push_back(id);
    }
    return std::move(g_);
  }

 private:
  void collect_value_infos() {
    for (const auto& vi : model_.graph().value_info()) infos_[vi.name()] = &vi;
    for (const auto& vi : model_.graph().output()) infos_[vi.name()] = &vi;
  }

  graph::TensorType inferred_type(const std::string& name) const {
    auto it = infos_.find(name);
    if (it == infos_.end() || !it->second->has_type()) return {};
    return type_from_proto(it->second->type(), where_, name);
  }

  void add_node(const ::onnx::NodeProto& n, int index) {
    const std::string name = node_display_name(n, index);
    const std::string label = n.op_type() + " '" + name + "'";
    if (n.op_type() == "Constant") {
      if (n.output_size() != 1) fail(where_, label + " must have one output", "fix the model");
      Tensor t = constant_value(n, where_, label);
      g_.add_value(graph::Value{n.output(0), type_of_tensor(t), std::nullopt, std::move(t)});
      return;
    }
    graph::Node node;
    node.op = *graph::op_from_name(n.op_type());  // check_supported_ops ran before
    node.name = name;
    for (const auto& a : n.attribute()) node.attrs[a.name()] = attribute_from_proto(a, where_, label);
    // The messages are built outside the loops below (each fails at most once: fail() throws).
    const auto undefined_input = [&](const std::string& in) {
      fail(where_, label + " reads '" + in + "', which no earlier node, input or initializer defines",
           "sort the nodes topologically and define every input");
    };
    const auto redefined_output = [&](const std::string& out) {
      fail(where_, label + " writes '" + out + "', which is already defined", "give every tensor a unique name");
    };
    for (const auto& in : n.input()) {
      if (in.empty()) {
        node.inputs.push_back(graph::kNoValue);
        continue;
      }
      int id = g_.find(in);
      if (id == graph::kNoValue) undefined_input(in);
      node.inputs.push_back(id);
    }
    for (const auto& out : n.output()) {
      if (out.empty()) {
        node.outputs.push_back(graph::kNoValue);
        continue;
      }
      if (g_.find(out) != graph::kNoValue) redefined_output(out);
      node.outputs.push_back(g_.add_value(graph::Value{out, inferred_type(out), {}, {}}));
    }
    g_.nodes.push_back(std::move(node));
  }

  ::onnx::ModelProto& model_;
  const std::string& where_;
  std::map<std::string, const ::onnx::ValueInfoProto*> infos_;
  graph::Graph g_;
};

}  // namespace

graph::Graph build_graph(::onnx::ModelProto& model, int64_t opset, const std::string& where) {
  return Builder(model, where).build(opset);
}

}  // namespace ohmic::onnx::detail
