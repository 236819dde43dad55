#include "ohmic/graph/graph.h"

#include "ohmic/core/error.h"

namespace ohmic::graph {

std::string shape_str(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ", ";
    out += s[i].known() ? std::to_string(s[i].size) : (s[i].symbol.empty() ? "?" : s[i].symbol);
  }
  return out + "]";
}

namespace {

template <class T>
const T* get_attr(const Node& n, const std::string& name) {
  auto it = n.attrs.find(name);
  if (it == n.attrs.end()) return nullptr;
  const T* v = std::get_if<T>(&it->second);
  if (!v) fail(n.label(), "attribute '" + name + "' has an unexpected type", "check the model against the ONNX spec");
  return v;
}

template <class T>
std::string join(const std::vector<T>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    if constexpr (std::is_same_v<T, std::string>) s += "\"" + v[i] + "\"";
    else s += std::to_string(v[i]);
  }
  return s + "]";
}

}  // namespace

std::string attribute_str(const Attribute& a) {
  struct Visitor {
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(float v) const { return std::to_string(v); }
    std::string operator()(const std::string& v) const { return "\"" + v + "\""; }
    std::string operator()(const std::vector<int64_t>& v) const { return join(v); }
    std::string operator()(const std::vector<float>& v) const { return join(v); }
    std::string operator()(const std::vector<std::string>& v) const { return join(v); }
    std::string operator()(const Tensor& t) const {
      return "tensor<" + std::string(dtype_name(t.dtype())) + dims_str(t.dims()) + ">";
    }
  };
  return std::visit(Visitor{}, a);
}

int64_t Node::attr_int(const std::string& n, int64_t def) const {
  const int64_t* v = get_attr<int64_t>(*this, n);
  return v ? *v : def;
}
float Node::attr_float(const std::string& n, float def) const {
  const float* v = get_attr<float>(*this, n);
  return v ? *v : def;
}
std::string Node::attr_string(const std::string& n, const std::string& def) const {
  const std::string* v = get_attr<std::string>(*this, n);
  return v ? *v : def;
}
std::vector<int64_t> Node::attr_ints(const std::string& n, const std::vector<int64_t>& def) const {
  const auto* v = get_attr<std::vector<int64_t>>(*this, n);
  return v ? *v : def;
}
std::vector<float> Node::attr_floats(const std::string& n, const std::vector<float>& def) const {
  const auto* v = get_attr<std::vector<float>>(*this, n);
  return v ? *v : def;
}
const Tensor* Node::attr_tensor(const std::string& n) const { return get_attr<Tensor>(*this, n); }

std::string Node::label() const { return std::string(op_name(op)) + " '" + name + "'"; }

int Graph::add_value(Value v) {
  int id = static_cast<int>(values.size());
  if (!v.name.empty()) {
    if (index_.count(v.name)) fail("graph", "value '" + v.name + "' is defined twice", "give every tensor a unique name");
    index_[v.name] = id;
  }
  values.push_back(std::move(v));
  return id;
}

int Graph::find(const std::string& value_name) const {
  auto it = index_.find(value_name);
  return it == index_.end() ? kNoValue : it->second;
}

std::vector<int> Graph::producers() const {
  std::vector<int> p(values.size(), -1);
  for (size_t i = 0; i < nodes.size(); ++i)
    for (int o : nodes[i].outputs)
      if (o >= 0 && static_cast<size_t>(o) < p.size()) p[static_cast<size_t>(o)] = static_cast<int>(i);
  return p;
}

std::vector<std::vector<int>> Graph::consumers() const {
  std::vector<std::vector<int>> c(values.size());
  for (size_t i = 0; i < nodes.size(); ++i)
    for (int in : nodes[i].inputs)
      if (in >= 0 && static_cast<size_t>(in) < c.size()) c[static_cast<size_t>(in)].push_back(static_cast<int>(i));
  return c;
}

void verify(const Graph& g) {
  std::vector<std::string> problems;
  const int nv = static_cast<int>(g.values.size());
  std::vector<char> defined(g.values.size(), 0);
  for (int id : g.inputs) {
    if (id < 0 || id >= nv) problems.push_back("graph input id " + std::to_string(id) + " out of range");
    else defined[static_cast<size_t>(id)] = 1;
  }
  for (int id = 0; id < nv; ++id)
    if (g.values[static_cast<size_t>(id)].is_constant()) defined[static_cast<size_t>(id)] = 1;
  for (const Node& n : g.nodes) {
    const OpInfo& info = op_info(n.op);
    int nin = static_cast<int>(n.inputs.size()), nout = static_cast<int>(n.outputs.size());
    if (nin < info.min_inputs || nin > info.max_inputs)
      problems.push_back(n.label() + " has " + std::to_string(nin) + " inputs, expected " +
                         std::to_string(info.min_inputs) + ".." +
                         (info.max_inputs == kVariadic ? std::string("n") : std::to_string(info.max_inputs)));
    if (nout < info.min_outputs || nout > info.max_outputs)
      problems.push_back(n.label() + " has " + std::to_string(nout) + " outputs, expected " +
                         std::to_string(info.min_outputs) + ".." +
                         (info.max_outputs == kVariadic ? std::string("n") : std::to_string(info.max_outputs)));
    for (int in : n.inputs) {
      if (in == kNoValue) continue;
      if (in < 0 || in >= nv) problems.push_back(n.label() + " reads value id " + std::to_string(in) + " out of range");
      else if (!defined[static_cast<size_t>(in)])
        problems.push_back(n.label() + " reads '" + g.values[static_cast<size_t>(in)].name + "' before it is defined");
    }
    for (int out : n.outputs) {
      if (out == kNoValue) continue;
      if (out < 0 || out >= nv) problems.push_back(n.label() + " writes value id " + std::to_string(out) + " out of range");
      else if (defined[static_cast<size_t>(out)])
        problems.push_back(n.label() + " redefines '" + g.values[static_cast<size_t>(out)].name + "'");
      else defined[static_cast<size_t>(out)] = 1;
    }
  }
  for (int id : g.outputs) {
    if (id < 0 || id >= nv) problems.push_back("graph output id " + std::to_string(id) + " out of range");
    else if (!defined[static_cast<size_t>(id)])
      problems.push_back("graph output '" + g.values[static_cast<size_t>(id)].name + "' is never produced");
  }
  if (problems.empty()) return;
  std::string msg = std::to_string(problems.size()) + " problem(s):";
  for (const auto& p : problems) msg += "\n  " + p;
  fail("graph '" + g.name + "'", msg);
}

std::string dump(const Graph& g) {
  auto val = [&](int id) -> std::string {
    if (id == kNoValue) return "_";
    const Value& v = g.value(id);
    return "%" + v.name;
  };
  auto type = [&](const Value& v) {
    std::string s = std::string(dtype_name(v.type.dtype)) + (v.type.shape ? shape_str(*v.type.shape) : "[?]");
    if (v.quant) {
      s += " q" + std::to_string(v.quant->bits) + "(" + (v.quant->per_channel() ? "axis " + std::to_string(v.quant->axis) : "tensor") + ")";
    }
    return s;
  };
  std::string out = "graph " + g.name + " (opset " + std::to_string(g.opset) + ")\n";
  for (int id : g.inputs) out += "  input  " + val(id) + ": " + type(g.value(id)) + "\n";
  for (size_t i = 0; i < g.values.size(); ++i)
    if (g.values[i].is_constant()) out += "  const  " + val(static_cast<int>(i)) + ": " + type(g.values[i]) + "\n";
  for (const Node& n : g.nodes) {
    out += "  ";
    for (size_t i = 0; i < n.outputs.size(); ++i) out += (i ? ", " : "") + val(n.outputs[i]);
    out += " = " + std::string(op_name(n.op)) + "(";
    for (size_t i = 0; i < n.inputs.size(); ++i) out += (i ? ", " : "") + val(n.inputs[i]);
    out += ")";
    if (!n.attrs.empty()) {
      out += " {";
      bool first = true;
      for (const auto& [k, a] : n.attrs) {
        out += (first ? "" : ", ") + k + "=" + attribute_str(a);
        first = false;
      }
      out += "}";
    }
    if (!n.outputs.empty() && n.outputs[0] != kNoValue) out += " : " + type(g.value(n.outputs[0]));
    out += "  # " + n.name + "\n";
  }
  for (int id : g.outputs) out += "  output " + val(id) + ": " + type(g.value(id)) + "\n";
  return out;
}

}  // namespace ohmic::graph
