#pragma once
// The reference executor: runs a Graph on host tensors, node by node in topological order, through the kernels of
// the KernelRegistry. It is the host CPU of the CIM flow and the oracle the CIM simulator is checked against.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

using NodeKernel = std::function<void(KernelContext&)>;

struct ExecOptions {
  // Called after each node with its index and outputs (e.g. to record intermediate values). Optional.
  std::function<void(size_t node_index, const std::vector<Tensor>& outputs)> after_node;
  // Replaces the registry kernel of the node with this index (the CIM simulator runs mapped layers this way).
  std::map<size_t, NodeKernel> node_overrides;
};

class Executor {
 public:
  // Throws ohmic::Error listing every node whose op has no kernel.
  explicit Executor(graph::Graph g, ExecOptions options = {});
  ~Executor();
  Executor(Executor&&) noexcept;

  const graph::Graph& graph() const { return graph_; }
  // Inputs in the order of graph().inputs; checks dtype and every known dimension. Returns graph().outputs' values.
  std::vector<Tensor> run(const std::vector<Tensor>& inputs);

 private:
  void check_input(size_t i, const Tensor& t) const;
  graph::Graph graph_;
  ExecOptions options_;
  std::vector<NodeKernel> kernels_;
  std::vector<std::unique_ptr<KernelState>> states_;
  std::vector<int> last_use_;  // per value: index of the last node reading it (-1 = none / graph output)
};

}  // namespace ohmic::exec
