#include "ohmic/exec/executor.h"

#include "ohmic/core/error.h"

namespace ohmic::exec {

Executor::Executor(graph::Graph g, ExecOptions options) : graph_(std::move(g)), options_(std::move(options)) {
  const auto& registry = KernelRegistry::instance();
  std::vector<std::string> missing;
  for (size_t i = 0; i < graph_.nodes.size(); ++i) {
    const auto& n = graph_.nodes[i];
    if (auto it = options_.node_overrides.find(i); it != options_.node_overrides.end()) {
      kernels_.push_back(it->second);
      continue;
    }
    KernelFn fn = registry.find(n.op);
    if (!fn) missing.push_back(n.label());
    kernels_.emplace_back(fn);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += "\n  " + m;
    fail("graph '" + graph_.name + "'", "no host kernel for " + std::to_string(missing.size()) + " node(s):" + list);
  }
  states_.resize(graph_.nodes.size());
  last_use_.assign(graph_.values.size(), -1);
  for (size_t i = 0; i < graph_.nodes.size(); ++i)
    for (int in : graph_.nodes[i].inputs)
      if (in >= 0) last_use_[static_cast<size_t>(in)] = static_cast<int>(i);
  for (int out : graph_.outputs) last_use_[static_cast<size_t>(out)] = static_cast<int>(graph_.nodes.size());
}

Executor::~Executor() = default;
Executor::Executor(Executor&&) noexcept = default;

void Executor::check_input(size_t i, const Tensor& t) const {
  const graph::Value& v = graph_.value(graph_.inputs[i]);
  std::string where = "model input '" + v.name + "'";
  if (v.type.dtype != graph::DType::Undefined && t.dtype() != v.type.dtype)
    fail(where, "expects " + std::string(dtype_name(v.type.dtype)) + " data, got " + std::string(dtype_name(t.dtype())));
  if (!v.type.shape) return;
  const graph::Shape& s = *v.type.shape;
  bool ok = static_cast<int>(s.size()) == t.rank();
  for (size_t d = 0; ok && d < s.size(); ++d) ok = !s[d].known() || s[d].size == t.dims()[d];
  if (!ok)
    fail(where, "expects shape " + graph::shape_str(s) + ", got " + graph::dims_str(t.dims()),
         "check that the data set matches the model (image size, channels, layout)");
}

std::vector<Tensor> Executor::run(const std::vector<Tensor>& inputs) {
  if (inputs.size() != graph_.inputs.size())
    fail("graph '" + graph_.name + "'", "expects " + std::to_string(graph_.inputs.size()) + " input(s), got " +
                                            std::to_string(inputs.size()));
  std::vector<Tensor> slot(graph_.values.size());
  for (size_t i = 0; i < graph_.values.size(); ++i)
    if (graph_.values[i].is_constant()) slot[i] = *graph_.values[i].constant;
  for (size_t i = 0; i < inputs.size(); ++i) {
    check_input(i, inputs[i]);
    slot[static_cast<size_t>(graph_.inputs[i])] = inputs[i];
  }
  for (size_t ni = 0; ni < graph_.nodes.size(); ++ni) {
    const graph::Node& node = graph_.nodes[ni];
    std::vector<const Tensor*> args;
    args.reserve(node.inputs.size());
    for (int in : node.inputs) {
      if (in == graph::kNoValue) {
        args.push_back(nullptr);
        continue;
      }
      const Tensor& t = slot[static_cast<size_t>(in)];
      args.push_back(t.empty_storage() && t.dtype() == graph::DType::Undefined ? nullptr : &t);
    }
    KernelContext ctx(node, std::move(args), states_[ni]);
    kernels_[ni](ctx);
    for (size_t o = 0; o < node.outputs.size(); ++o)
      if (node.outputs[o] != graph::kNoValue) slot[static_cast<size_t>(node.outputs[o])] = std::move(ctx.outputs()[o]);
    if (options_.after_node) {
      std::vector<Tensor> outs;
      for (int o : node.outputs) outs.push_back(o == graph::kNoValue ? Tensor{} : slot[static_cast<size_t>(o)]);
      options_.after_node(ni, outs);
    }
    // Free what no later node reads (constants stay in the graph).
    for (int in : node.inputs)
      if (in >= 0 && last_use_[static_cast<size_t>(in)] == static_cast<int>(ni) && !graph_.value(in).is_constant())
        slot[static_cast<size_t>(in)] = Tensor{};
  }
  std::vector<Tensor> out;
  for (int id : graph_.outputs) out.push_back(slot[static_cast<size_t>(id)]);
  return out;
}

}  // namespace ohmic::exec
