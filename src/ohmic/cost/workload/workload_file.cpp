#include "ohmic/cost/workload/workload_file.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "ohmic/core/error.h"

namespace ohmic::cost {
namespace {

// One YAML mapping read key by key; unknown keys are rejected (typos must not pass silently).
class Map {
 public:
  Map(const YAML::Node& node, std::string origin, std::string what)
      : node_(node), origin_(std::move(origin)), what_(std::move(what)) {
    if (!node_.IsMap()) fail(where(node_), what_ + " must be a mapping of key: value");
  }

  bool has(const std::string& key) {
    known_.insert(key);
    return node_[key].IsDefined() && !node_[key].IsNull();
  }
  YAML::Node get(const std::string& key) {
    known_.insert(key);
    return node_[key];
  }
  std::string text(const std::string& key, const std::string& def) {
    if (!has(key)) return def;
    return scalar(key).as<std::string>();
  }
  int64_t integer(const std::string& key, std::optional<int64_t> def, int64_t min = 1) {
    if (!has(key)) {
      if (!def) fail(where(node_), fmt::format("{}: missing required field '{}'", what_, key), "add '" + key + ": N'");
      return *def;
    }
    return to_int(scalar(key), key, min);
  }
  double number(const std::string& key, double def) {
    if (!has(key)) return def;
    const YAML::Node n = scalar(key);
    try {
      const double v = n.as<double>();
      if (!(v >= 0)) throw YAML::Exception(n.Mark(), "negative");
      return v;
    } catch (const YAML::Exception&) {
      fail(where(n), fmt::format("{}: field '{}' must be a non-negative number, got '{}'", what_, key, n.Scalar()));
    }
  }
  bool flag(const std::string& key, bool def) {
    if (!has(key)) return def;
    const YAML::Node n = scalar(key);
    try {
      return n.as<bool>();
    } catch (const YAML::Exception&) {
      fail(where(n), fmt::format("{}: field '{}' must be true or false, got '{}'", what_, key, n.Scalar()));
    }
  }
  // An integer or a list of `sizes` allowed lengths: returns the list.
  std::vector<int64_t> ints(const std::string& key, std::vector<int64_t> def, const std::set<size_t>& sizes,
                            int64_t min) {
    if (!has(key)) return def;
    const YAML::Node n = get(key);
    std::vector<int64_t> out;
    if (n.IsScalar()) {
      out.push_back(to_int(n, key, min));
    } else if (n.IsSequence()) {
      for (const auto& e : n) out.push_back(to_int(e, key, min));
    } else {
      fail(where(n), fmt::format("{}: field '{}' must be an integer or a list of integers", what_, key));
    }
    if (!sizes.count(out.size()))
      fail(where(n), fmt::format("{}: field '{}' has {} values", what_, key, out.size()),
           fmt::format("give {}", describe(sizes)));
    return out;
  }
  void finish() const {
    for (const auto& kv : node_) {
      const std::string k = kv.first.as<std::string>();
      if (!known_.count(k)) {
        std::string list;
        for (const auto& kk : known_) list += (list.empty() ? "" : ", ") + kk;
        fail(where(kv.first), fmt::format("{}: unknown field '{}'", what_, k), "known fields here: " + list);
      }
    }
  }
  std::string where(const YAML::Node& n) const {
    return n.Mark().is_null() ? origin_ : fmt::format("{}:{}", origin_, n.Mark().line + 1);
  }
  const std::string& what() const { return what_; }
  const YAML::Node& node() const { return node_; }

 private:
  YAML::Node scalar(const std::string& key) {
    const YAML::Node n = get(key);
    if (!n.IsScalar()) fail(where(n), fmt::format("{}: field '{}' must be a single value", what_, key));
    return n;
  }
  int64_t to_int(const YAML::Node& n, const std::string& key, int64_t min) const {
    int64_t v = 0;
    try {
      v = n.as<int64_t>();
    } catch (const YAML::Exception&) {
      fail(where(n), fmt::format("{}: field '{}' must be an integer, got '{}'", what_, key, n.Scalar()));
    }
    if (v < min) fail(where(n), fmt::format("{}: field '{}' must be >= {}, got {}", what_, key, min, v));
    return v;
  }
  static std::string describe(const std::set<size_t>& sizes) {
    std::string s;
    for (size_t z : sizes) s += (s.empty() ? "" : " or ") + std::to_string(z);
    return s + " value(s)";
  }
  YAML::Node node_;
  std::string origin_, what_;
  std::set<std::string> known_;
};

int bits_field(Map& m, const std::string& key, int def) {
  const int64_t b = m.integer(key, def);
  if (b > 32) fail(m.where(m.get(key)), fmt::format("{}: {} must be at most 32, got {}", m.what(), key, b));
  return static_cast<int>(b);
}

Layer read_layer(Map& m, size_t index, int input_bits, int weight_bits) {
  const std::string name = m.text("name", fmt::format("layer{}", index));
  const std::string kind = m.text("kind", "");
  const int ib = bits_field(m, "input_bits", input_bits);
  const int wb = bits_field(m, "weight_bits", weight_bits);
  Layer l;
  if (kind == "conv") {
    ConvGeometry g;
    g.in_channels = m.integer("in_channels", std::nullopt);
    g.out_channels = m.integer("out_channels", std::nullopt);
    const auto in = m.ints("input", {}, {2}, 1);
    if (in.empty()) fail(m.where(m.node()), m.what() + ": missing required field 'input'", "add 'input: [H, W]'");
    g.in_h = in[0];
    g.in_w = in[1];
    const auto k = m.ints("kernel", {1}, {1, 2}, 1);
    g.kernel_h = k[0];
    g.kernel_w = k.back();
    const auto s = m.ints("stride", {1}, {1, 2}, 1);
    g.stride_h = s[0];
    g.stride_w = s.back();
    const auto d = m.ints("dilation", {1}, {1, 2}, 1);
    g.dilation_h = d[0];
    g.dilation_w = d.back();
    const auto p = m.ints("padding", {0}, {1, 2, 4}, 0);
    if (p.size() == 4) {
      g.pad_top = p[0], g.pad_left = p[1], g.pad_bottom = p[2], g.pad_right = p[3];
    } else {
      g.pad_top = g.pad_bottom = p[0];
      g.pad_left = g.pad_right = p.back();
    }
    g.groups = m.integer("groups", 1);
    try {
      l = conv_layer(name, g, ib, wb);
    } catch (const Error& e) {
      fail(m.where(m.node()), e.what());
    }
  } else if (kind == "gemm") {
    l = gemm_layer(name, m.integer("rows", 1), m.integer("in_features", std::nullopt),
                   m.integer("out_features", std::nullopt), ib, wb);
  } else if (kind == "matmul") {
    const std::string operand = m.text("operand", "buffer");
    if (operand != "buffer" && operand != "dram")
      fail(m.where(m.get("operand")), m.what() + ": operand must be 'buffer' or 'dram', got '" + operand + "'");
    l = matmul_layer(name, m.integer("m", std::nullopt), m.integer("k", std::nullopt), m.integer("n", std::nullopt),
                     m.integer("matrices", 1), ib, operand == "dram");
  } else if (kind == "elementwise") {
    l = elementwise_layer(name, m.number("ops", 0), m.integer("elements", 0, 0), ib);
  } else {
    fail(m.where(m.has("kind") ? m.get("kind") : m.node()),
         fmt::format("{}: kind '{}' is not a workload layer kind", m.what(), kind),
         "use kind: conv | gemm | matmul | elementwise");
  }
  l.output_bits = bits_field(m, "output_bits", l.output_bits);
  l.repeat = m.integer("repeat", 1);
  m.finish();
  return l;
}

Workload read_layers(const YAML::Node& root, const std::string& origin) {
  Map top(root, origin, "workload");
  Workload w;
  w.name = top.text("name", "workload");
  w.source = top.text("source", "");
  w.batch = top.integer("batch", 1);
  const int ib = bits_field(top, "input_bits", 8);
  const int wb = bits_field(top, "weight_bits", 8);
  const YAML::Node layers = top.get("layers");
  if (!layers.IsSequence() || layers.size() == 0)
    fail(top.where(layers.IsDefined() ? layers : root), "workload: 'layers' must be a non-empty list of layers",
         "add 'layers:' with one '- {name: ..., kind: ...}' per layer");
  top.finish();
  for (size_t i = 0; i < layers.size(); ++i) {
    Map m(layers[i], origin, fmt::format("layer {}", i + 1));
    w.layers.push_back(read_layer(m, i + 1, ib, wb));
  }
  return w;
}

LlmConfig read_llm(const YAML::Node& root, const std::string& origin) {
  Map outer(root, origin, "workload");
  Map m(outer.get("llm"), origin, "llm");
  outer.finish();
  LlmConfig c;
  c.name = m.text("name", "llm");
  c.source = m.text("source", "");
  c.layers = m.integer("layers", std::nullopt);
  c.hidden = m.integer("hidden", std::nullopt);
  c.heads = m.integer("heads", std::nullopt);
  c.kv_heads = m.integer("kv_heads", c.heads);
  if (c.heads % c.kv_heads != 0)
    fail(m.where(m.get("kv_heads")), fmt::format("llm: kv_heads ({}) must divide heads ({})", c.kv_heads, c.heads));
  c.head_dim = m.integer("head_dim", c.hidden / c.heads);
  c.ffn = m.integer("ffn", std::nullopt);
  c.gated_ffn = m.flag("gated_ffn", true);
  c.vocab = m.integer("vocab", std::nullopt);
  c.prompt_tokens = m.integer("prompt_tokens", std::nullopt);
  c.generated_tokens = m.integer("generated_tokens", std::nullopt);
  c.batch = m.integer("batch", 1);
  c.weight_bits = bits_field(m, "weight_bits", 8);
  c.activation_bits = bits_field(m, "activation_bits", 8);
  c.kv_bits = bits_field(m, "kv_bits", c.activation_bits);
  m.finish();
  return c;
}

}  // namespace

WorkloadFile parse_workload_text(const std::string& yaml_text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    fail(fmt::format("{}:{}", origin, e.mark.line + 1), "not valid YAML: " + e.msg, "fix the YAML syntax");
  }
  if (!root.IsMap())
    fail(origin, "a workload file must be a YAML mapping with 'layers:' or 'llm:'",
         "see docs/cost-model.md for the workload format");
  WorkloadFile f;
  if (root["llm"].IsDefined())
    f.llm = read_llm(root, origin);
  else
    f.layers = read_layers(root, origin);
  return f;
}

WorkloadFile read_workload_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail(path, "cannot open the workload file", "check the path");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_workload_text(ss.str(), path);
}

}  // namespace ohmic::cost
