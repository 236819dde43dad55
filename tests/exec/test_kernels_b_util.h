#pragma once
// Helpers for the kernel tests of conv/matmul/pool/norm/quant: run one node through the Executor, make random
// tensors, compare.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/exec/executor.h"

namespace kb {

using ohmic::graph::Attribute;
using ohmic::graph::Dims;
using ohmic::graph::DType;
using ohmic::graph::OpKind;
using ohmic::graph::Tensor;
using Attrs = std::map<std::string, Attribute>;

// Runs a one-node graph; std::nullopt inputs are omitted optional inputs. `outputs` names how many outputs the
// node has (all are graph outputs).
inline std::vector<Tensor> run_op(OpKind op, const std::vector<std::optional<Tensor>>& inputs, const Attrs& attrs = {},
                                  int outputs = 1) {
  ohmic::graph::Graph g;
  g.name = "one_node";
  g.opset = 17;
  ohmic::graph::Node n;
  n.op = op;
  n.name = "node";
  n.attrs = attrs;
  std::vector<Tensor> feed;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i]) {
      n.inputs.push_back(ohmic::graph::kNoValue);
      continue;
    }
    int id = g.add_value({"in" + std::to_string(i), {inputs[i]->dtype(), std::nullopt}, {}, {}});
    g.inputs.push_back(id);
    n.inputs.push_back(id);
    feed.push_back(*inputs[i]);
  }
  for (int o = 0; o < outputs; ++o) {
    int id = g.add_value({"out" + std::to_string(o), {DType::Undefined, std::nullopt}, {}, {}});
    n.outputs.push_back(id);
    g.outputs.push_back(id);
  }
  g.nodes.push_back(n);
  ohmic::exec::Executor ex(std::move(g));
  return ex.run(feed);
}

inline Tensor run1(OpKind op, const std::vector<std::optional<Tensor>>& inputs, const Attrs& attrs = {}) {
  return run_op(op, inputs, attrs).at(0);
}

template <class T>
Tensor random_tensor(std::mt19937& rng, Dims dims, double lo = -1.0, double hi = 1.0) {
  Tensor t(ohmic::graph::dtype_of<T>(), std::move(dims));
  T* p = t.data<T>();
  if constexpr (std::is_integral_v<T>) {
    std::uniform_int_distribution<int> d(static_cast<int>(lo), static_cast<int>(hi));
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(d(rng));
  } else {
    std::uniform_real_distribution<double> d(lo, hi);
    for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<T>(d(rng));
  }
  return t;
}

// Max |a - b| / (1 + |b|) over all elements; shapes must match.
inline double max_rel_diff(const Tensor& a, const std::vector<double>& b) {
  EXPECT_EQ(static_cast<size_t>(a.numel()), b.size());
  std::vector<double> av = a.to_doubles();
  double m = 0;
  for (size_t i = 0; i < std::min(av.size(), b.size()); ++i) m = std::max(m, std::abs(av[i] - b[i]) / (1 + std::abs(b[i])));
  return m;
}

// Expects an ohmic::Error whose message contains `needle`.
template <class F>
void expect_error(F&& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected an error mentioning '" << needle << "'";
  } catch (const ohmic::Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace kb
