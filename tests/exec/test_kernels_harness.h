#pragma once
// The kernel tests' harness (every tests/exec/test_kernels_*.cpp): run one node through the Executor, build literal
// or random tensors, compare element by element or by the largest relative difference, expect an error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/exec/executor.h"

namespace kernel_test {

using ohmic::graph::Attribute;
using ohmic::graph::Dims;
using ohmic::graph::DType;
using ohmic::graph::OpKind;
using ohmic::graph::Tensor;
using Attrs = std::map<std::string, Attribute>;
using Inputs = std::vector<std::optional<Tensor>>;

// Runs a one-node graph; std::nullopt inputs are omitted optional inputs; all `outputs` are graph outputs.
inline std::vector<Tensor> run_op(OpKind op, const Inputs& inputs, const Attrs& attrs = {}, int outputs = 1) {
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

inline Tensor run1(OpKind op, const Inputs& inputs, const Attrs& attrs = {}) { return run_op(op, inputs, attrs).at(0); }

template <class T>
Tensor t(Dims dims, std::initializer_list<T> values) {
  return Tensor::from<T>(std::move(dims), values);
}
inline Tensor f32(Dims dims, std::initializer_list<float> v) { return t<float>(std::move(dims), v); }
inline Tensor i64(Dims dims, std::initializer_list<int64_t> v) { return t<int64_t>(std::move(dims), v); }
inline Tensor i64s(std::initializer_list<int64_t> v) { return t<int64_t>({static_cast<int64_t>(v.size())}, v); }

// Expects exactly this element type, shape and values (floats within `tol` relative, NaN equal to NaN).
template <class T>
void expect_tensor(const Tensor& got, const Dims& dims, const std::vector<T>& want, double tol = 1e-6) {
  ASSERT_EQ(got.dtype(), ohmic::graph::dtype_of<T>());
  ASSERT_EQ(got.dims(), dims);
  ASSERT_EQ(static_cast<size_t>(got.numel()), want.size());
  const T* p = got.data<T>();
  for (size_t i = 0; i < want.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(want[i])) {
        EXPECT_TRUE(std::isnan(p[i])) << "element " << i;
      } else if (std::isinf(want[i])) {
        EXPECT_EQ(p[i], want[i]) << "element " << i;
      } else {
        EXPECT_NEAR(p[i], want[i], tol * (1 + std::abs(want[i]))) << "element " << i;
      }
    } else {
      EXPECT_EQ(p[i], want[i]) << "element " << i;
    }
  }
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

}  // namespace kernel_test
