#include "ohmic/onnx/model_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

namespace ohmic::onnx {
namespace {

ValueSummary value_summary(const graph::Value& v) {
  return {v.name, std::string(graph::dtype_name(v.type.dtype)), v.type.shape ? graph::shape_str(*v.type.shape) : "?",
          std::nullopt};
}

std::string dims_or_unknown(const std::vector<graph::Dims>& dims) {
  if (dims.empty() || dims[0].empty()) return dims.empty() ? "-" : "[]";
  std::string s = "[";
  for (size_t i = 0; i < dims[0].size(); ++i) s += (i ? ", " : "") + (dims[0][i] < 0 ? std::string("?") : std::to_string(dims[0][i]));
  return s + "]";
}

// 1234567 -> "1,234,567".
std::string grouped(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

ModelSummary summarize_model(const graph::Graph& g, int64_t batch, const std::vector<BatchedInput>& batched_inputs) {
  ModelSummary s;
  s.name = g.name;
  s.opset = g.opset;
  s.batch = batch;
  for (int id : g.inputs) {
    s.inputs.push_back(value_summary(g.value(id)));
    for (const auto& b : batched_inputs)
      if (b.input == s.inputs.back().name) s.inputs.back().batch_symbol = b.symbol;
  }
  for (int id : g.outputs) s.outputs.push_back(value_summary(g.value(id)));
  s.layers = graph::layer_stats(g, batch);
  std::set<int> counted;
  for (const auto& l : s.layers) {
    ++s.op_histogram[std::string(graph::op_name(l.op))];
    s.total_macs += l.macs;
    s.macs_complete = s.macs_complete && l.macs_known;
    for (int v : l.weight_values)
      if (counted.insert(v).second) s.total_params += g.value(v).constant->numel();
  }
  return s;
}

std::string summary_text(const ModelSummary& s) {
  // The batch is named only when it filled in some input's axis 0; otherwise the shapes are the model's own.
  const bool batched = std::any_of(s.inputs.begin(), s.inputs.end(), [](const auto& v) { return v.batch_symbol.has_value(); });
  std::string out = "model   " + s.name + " (opset " + std::to_string(s.opset) +
                    (batched ? ", batch " + std::to_string(s.batch) : std::string()) + ")\n";
  for (const auto& v : s.inputs) {
    out += "input   " + v.name + ": " + v.dtype + v.shape;
    if (v.batch_symbol)
      out += "  (axis 0 is " + (v.batch_symbol->empty() ? "open" : "'" + *v.batch_symbol + "'") +
             " in the model; set to batch " + std::to_string(s.batch) + ")";
    out += "\n";
  }
  for (const auto& v : s.outputs) out += "output  " + v.name + ": " + v.dtype + v.shape + "\n";
  out += "params  " + grouped(s.total_params) + "\n";
  out += "MACs    " + grouped(s.total_macs) + (s.macs_complete ? "" : " (incomplete: some layers have unknown dims)") + "\n";
  out += "ops    ";
  for (const auto& [op, n] : s.op_histogram) out += " " + op + " x" + std::to_string(n);
  out += "\n\n";
  size_t name_w = 4;
  for (const auto& l : s.layers) name_w = std::max(name_w, l.name.size());
  name_w = std::min<size_t>(name_w, 60);
  out += pad("name", name_w) + "  " + pad("op", 18) + "  " + pad("output", 22) + "  " + pad("params", 12) + "  MACs\n";
  for (const auto& l : s.layers) {
    out += pad(l.name, name_w) + "  " + pad(std::string(graph::op_name(l.op)), 18) + "  " +
           pad(dims_or_unknown(l.output_dims), 22) + "  " + pad(grouped(l.weight_params), 12) + "  " +
           (l.macs_known ? grouped(l.macs) : "?") + "\n";
  }
  return out;
}

std::string summary_json(const ModelSummary& s) {
  using nlohmann::json;
  auto values = [](const std::vector<ValueSummary>& vs) {
    json a = json::array();
    for (const auto& v : vs) {
      a.push_back({{"name", v.name}, {"dtype", v.dtype}, {"shape", v.shape}});
      if (v.batch_symbol) a.back()["batch_symbol"] = *v.batch_symbol;
    }
    return a;
  };
  json layers = json::array();
  for (const auto& l : s.layers) {
    json outs = json::array();
    for (const auto& d : l.output_dims) outs.push_back(d);
    json ins = json::array();
    for (const auto& d : l.input_dims) ins.push_back(d);
    layers.push_back({{"name", l.name},
                      {"op", std::string(graph::op_name(l.op))},
                      {"input_dims", ins},
                      {"output_dims", outs},
                      {"params", l.weight_params},
                      {"macs", l.macs_known ? json(l.macs) : json(nullptr)}});
  }
  json j = {{"name", s.name},
            {"opset", s.opset},
            {"batch", s.batch},
            {"inputs", values(s.inputs)},
            {"outputs", values(s.outputs)},
            {"op_histogram", s.op_histogram},
            {"total_params", s.total_params},
            {"total_macs", s.total_macs},
            {"macs_complete", s.macs_complete},
            {"layers", layers}};
  return j.dump(2) + "\n";
}

std::string supported_ops_text() {
  std::vector<std::string> names{"Constant (folded into a constant value)"};
  for (int i = 0; i < graph::op_count(); ++i) names.emplace_back(graph::op_name(static_cast<graph::OpKind>(i)));
  std::string out;
  for (const auto& n : names) out += n + "\n";
  return out;
}

}  // namespace ohmic::onnx
