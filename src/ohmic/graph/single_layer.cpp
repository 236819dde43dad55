#include "ohmic/graph/single_layer.h"

#include <optional>
#include <utility>

namespace ohmic::graph {

Graph single_layer_graph(const std::string& graph_name, OpKind op, const std::string& node_name, Shape x_shape,
                         Tensor weight) {
  Graph g;
  g.name = graph_name;
  g.opset = 13;
  Value x;
  x.name = "x";
  x.type = {DType::Float32, std::move(x_shape)};
  const int xi = g.add_value(x);
  g.inputs.push_back(xi);
  Value w;
  w.name = "w";
  w.type = {weight.dtype(), std::nullopt};
  w.constant = std::move(weight);
  const int wi = g.add_value(w);
  Value y;
  y.name = "y";
  y.type = {DType::Float32, std::nullopt};
  Node n;
  n.op = op;
  n.name = node_name;
  n.inputs = {xi, wi};
  n.outputs = {g.add_value(y)};
  g.nodes.push_back(n);
  g.outputs = n.outputs;
  return g;
}

}  // namespace ohmic::graph
