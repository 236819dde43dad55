// Softmax / LogSoftmax before opset 13 (flatten to 2-D at `axis`, normalize the second dimension) against opset 13
// (normalize along the one axis): small hand-built models imported and run, compared with values computed here from
// each opset's definition.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <tuple>

#include "model_proto_builder.h"
#include "ohmic/exec/executor.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT
using graph::Dims;
using graph::OpKind;

int64_t product(const Dims& d, size_t first, size_t last) {
  return std::accumulate(d.begin() + static_cast<std::ptrdiff_t>(first), d.begin() + static_cast<std::ptrdiff_t>(last),
                         int64_t{1}, std::multiplies<>());
}

// Normalizes `n` elements x[base + j * stride] (j < n): softmax, or log-softmax when `log`.
void normalize_line(const std::vector<double>& x, std::vector<double>& y, int64_t base, int64_t n, int64_t stride,
                    bool log) {
  double m = -INFINITY, sum = 0;
  for (int64_t j = 0; j < n; ++j) m = std::max(m, x[static_cast<size_t>(base + j * stride)]);
  for (int64_t j = 0; j < n; ++j) sum += std::exp(x[static_cast<size_t>(base + j * stride)] - m);
  for (int64_t j = 0; j < n; ++j) {
    const auto i = static_cast<size_t>(base + j * stride);
    y[i] = log ? x[i] - m - std::log(sum) : std::exp(x[i] - m) / sum;
  }
}

size_t normalized_axis(int64_t axis, const Dims& dims) {
  return static_cast<size_t>(axis < 0 ? axis + static_cast<int64_t>(dims.size()) : axis);
}

// Opsets 1..12: rows of the input flattened to [prod(dims[:axis]), prod(dims[axis:])].
std::vector<double> legacy_reference(const std::vector<double>& x, const Dims& dims, int64_t axis, bool log) {
  const size_t a = normalized_axis(axis, dims);
  const int64_t rows = product(dims, 0, a), cols = product(dims, a, dims.size());
  std::vector<double> y(x.size());
  for (int64_t r = 0; r < rows; ++r) normalize_line(x, y, r * cols, cols, 1, log);
  return y;
}

// Opset 13: along the one axis.
std::vector<double> one_axis_reference(const std::vector<double>& x, const Dims& dims, int64_t axis, bool log) {
  const size_t a = normalized_axis(axis, dims);
  const int64_t outer = product(dims, 0, a), n = dims[a], inner = product(dims, a + 1, dims.size());
  std::vector<double> y(x.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) normalize_line(x, y, o * n * inner + i, n, inner, log);
  return y;
}

std::vector<float> sample_input(const Dims& dims) {
  std::vector<float> v(static_cast<size_t>(product(dims, 0, dims.size())));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(3.0 * std::sin(0.7 * static_cast<double>(i) + 0.3));
  return v;
}

// One Softmax/LogSoftmax node X -> Y; `input_dims` may hold symbols ("N").
::onnx::ModelProto softmax_model(int64_t opset, const std::string& op, std::optional<int64_t> axis,
                                 const std::vector<std::string>& input_dims) {
  auto m = empty_model(opset);
  auto* g = m.mutable_graph();
  *g->add_input() = tensor_info("X", ::onnx::TensorProto::FLOAT, input_dims);
  *g->add_output() = tensor_info("Y", ::onnx::TensorProto::FLOAT, input_dims);
  auto n = node(op, {"X"}, {"Y"}, "sm");
  if (axis) {
    auto* a = n.add_attribute();
    a->set_name("axis");
    a->set_type(::onnx::AttributeProto::INT);
    a->set_i(*axis);
  }
  *g->add_node() = n;
  return m;
}

std::vector<std::string> dim_strings(const Dims& dims) {
  std::vector<std::string> s;
  for (int64_t d : dims) s.push_back(std::to_string(d));
  return s;
}

std::vector<double> run_graph(graph::Graph g, const Dims& dims) {
  std::vector<float> x = sample_input(dims);
  exec::Executor ex(std::move(g));
  return ex.run({graph::Tensor::from<float>(dims, std::span<const float>(x))}).at(0).to_doubles();
}

void expect_close(const std::vector<double>& got, const std::vector<double>& want, const std::string& label) {
  ASSERT_EQ(got.size(), want.size()) << label;
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5 * (1 + std::abs(want[i]))) << label << " element " << i;
}

struct Case {
  int64_t opset;
  std::optional<int64_t> axis;  // nullopt: attribute left out
};

TEST(LegacySoftmax, EveryOpsetAxisAndRankMatchesItsDefinition) {
  const std::vector<Dims> shapes{{3, 4}, {2, 3, 4}, {2, 3, 2, 3}};
  for (const std::string op : {"Softmax", "LogSoftmax"}) {
    const bool log = op == "LogSoftmax";
    for (const Dims& dims : shapes) {
      const auto last = static_cast<int64_t>(dims.size()) - 1;
      for (int64_t opset : {9, 11, 12, 13}) {  // 9: Softmax-1, accepted as Softmax-11 (which only added axis < 0)
        for (std::optional<int64_t> axis : {std::optional<int64_t>{}, std::optional<int64_t>{0},
                                            std::optional<int64_t>{1}, std::optional<int64_t>{last},
                                            std::optional<int64_t>{-1}, std::optional<int64_t>{-2}}) {
          const std::string label = op + " opset " + std::to_string(opset) + " rank " + std::to_string(dims.size()) +
                                    " axis " + (axis ? std::to_string(*axis) : "default");
          graph::Graph g = import_model_from_bytes(bytes_of(softmax_model(opset, op, axis, dim_strings(dims))), label);
          std::vector<float> xf = sample_input(dims);
          std::vector<double> x(xf.begin(), xf.end());
          const std::vector<double> want = opset < 13 ? legacy_reference(x, dims, axis.value_or(1), log)
                                                      : one_axis_reference(x, dims, axis.value_or(-1), log);
          expect_close(run_graph(std::move(g), dims), want, label);
        }
      }
    }
  }
}

// The two definitions really differ where the importer rewrites (so the test above can tell them apart).
TEST(LegacySoftmax, DefinitionsDifferOffTheLastAxis) {
  const Dims dims{2, 3, 4};
  std::vector<float> xf = sample_input(dims);
  std::vector<double> x(xf.begin(), xf.end());
  for (int64_t axis : {0, 1}) {
    std::vector<double> a = legacy_reference(x, dims, axis, false), b = one_axis_reference(x, dims, axis, false);
    EXPECT_GT(std::abs(a[0] - b[0]), 1e-3) << "axis " << axis;
  }
  EXPECT_EQ(legacy_reference(x, dims, 2, false), one_axis_reference(x, dims, 2, false));
}

size_t count_op(const graph::Graph& g, OpKind op) {
  return static_cast<size_t>(std::count_if(g.nodes.begin(), g.nodes.end(), [&](const auto& n) { return n.op == op; }));
}

TEST(LegacySoftmax, RewritesOnlyWhereTheMeaningDiffers) {
  // Last axis, explicit or by default on rank 2, and every opset-13 node: one node, untouched.
  for (auto [opset, axis, dims] : {std::tuple{11, std::optional<int64_t>{2}, Dims{2, 3, 4}},
                                   std::tuple{11, std::optional<int64_t>{-1}, Dims{2, 3, 4}},
                                   std::tuple{11, std::optional<int64_t>{}, Dims{3, 4}},
                                   std::tuple{13, std::optional<int64_t>{0}, Dims{2, 3, 4}}}) {
    graph::Graph g = import_model_from_bytes(bytes_of(softmax_model(opset, "Softmax", axis, dim_strings(dims))), "m");
    EXPECT_EQ(g.nodes.size(), 1u) << "opset " << opset;
  }
  // Default axis (1) on rank 3 at opset 11: Shape, Flatten, Softmax(axis 1) keeping its name, Reshape to Y.
  graph::Graph g = import_model_from_bytes(bytes_of(softmax_model(11, "Softmax", std::nullopt, {"2", "3", "4"})), "m");
  ASSERT_EQ(g.nodes.size(), 4u);
  EXPECT_EQ(count_op(g, OpKind::Flatten), 1u);
  EXPECT_EQ(count_op(g, OpKind::Reshape), 1u);
  const auto& sm = *std::find_if(g.nodes.begin(), g.nodes.end(), [](const auto& n) { return n.op == OpKind::Softmax; });
  EXPECT_EQ(sm.name, "sm");
  EXPECT_EQ(sm.attr_int("axis", -1), 1);
  EXPECT_EQ(graph::shape_str(*g.value(sm.inputs[0]).type.shape), "[2, 12]");
  EXPECT_EQ(g.nodes.back().op, OpKind::Reshape);
  EXPECT_EQ(g.value(g.nodes.back().outputs[0]).name, "Y");
  EXPECT_EQ(graph::shape_str(*g.value(g.outputs[0]).type.shape), "[2, 3, 4]");
}

// A symbolic batch keeps its name through the flattened shape, and the graph runs at any batch.
TEST(LegacySoftmax, SymbolicBatchAndUnknownRank) {
  graph::Graph g = import_model_from_bytes(bytes_of(softmax_model(11, "LogSoftmax", 1, {"N", "3", "4"})), "m");
  const auto& sm = *std::find_if(g.nodes.begin(), g.nodes.end(), [](const auto& n) { return n.op == OpKind::LogSoftmax; });
  EXPECT_EQ(graph::shape_str(*g.value(sm.inputs[0]).type.shape), "[N, 12]");
  const Dims dims{5, 3, 4};
  std::vector<float> xf = sample_input(dims);
  std::vector<double> x(xf.begin(), xf.end());
  expect_close(run_graph(std::move(g), dims), legacy_reference(x, dims, 1, true), "batch 5");
  // Without shape inference the rank is unknown: every axis but -1 is rewritten, and still computes the old meaning.
  auto m = softmax_model(11, "Softmax", 0, {});
  m.mutable_graph()->mutable_input(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  m.mutable_graph()->mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  graph::Graph untyped = import_model_from_bytes(bytes_of(m), "m", "", unchecked());
  ASSERT_FALSE(untyped.value(untyped.inputs[0]).type.shape.has_value());
  EXPECT_EQ(untyped.nodes.size(), 4u);
  expect_close(run_graph(std::move(untyped), dims), legacy_reference(x, dims, 0, false), "unknown rank");
}

}  // namespace
}  // namespace ohmic::onnx
