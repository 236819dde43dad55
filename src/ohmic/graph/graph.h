#pragma once
// The typed graph IR: values (tensors flowing between nodes, with dtype, symbolic shape and optional quantization
// parameters), nodes (an op, typed attributes, input and output value ids) and the graph (values, nodes in
// topological order, graph inputs and outputs). Constants (ONNX initializers and Constant nodes) are values that
// carry a Tensor.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ohmic/graph/op.h"
#include "ohmic/graph/tensor.h"

namespace ohmic::graph {

// One dimension of a value's shape: a known size, or a symbol (e.g. "batch") when it is only known at run time.
struct Dim {
  int64_t size = -1;   // >= 0 when known
  std::string symbol;  // name of an unknown dimension ("" = anonymous unknown)
  bool known() const { return size >= 0; }
  static Dim of(int64_t n) { return Dim{n, {}}; }
  static Dim sym(std::string s) { return Dim{-1, std::move(s)}; }
  bool operator==(const Dim&) const = default;
};
using Shape = std::vector<Dim>;
std::string shape_str(const Shape& s);  // "[batch, 1, 28, 28]"

// Quantization of a value: real = (q - zero_point) * scale, per tensor (one scale) or per channel along `axis`.
struct QuantParams {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int axis = -1;  // channel axis for per-channel; -1 when per tensor
  int bits = 8;
  DType storage = DType::Int8;
  bool per_channel() const { return scale.size() > 1; }
};

struct TensorType {
  DType dtype = DType::Undefined;
  std::optional<Shape> shape;  // nullopt when even the rank is unknown
};

struct Value {
  std::string name;
  TensorType type;
  std::optional<QuantParams> quant;
  std::optional<Tensor> constant;  // set for initializers and folded Constant nodes
  bool is_constant() const { return constant.has_value(); }
};

using Attribute = std::variant<int64_t, float, std::string, std::vector<int64_t>, std::vector<float>,
                               std::vector<std::string>, Tensor>;
std::string attribute_str(const Attribute& a);

inline constexpr int kNoValue = -1;  // an omitted optional input

struct Node {
  OpKind op{};
  std::string name;
  std::vector<int> inputs;   // value ids; kNoValue for an omitted optional input
  std::vector<int> outputs;  // value ids
  std::map<std::string, Attribute> attrs;

  bool has(const std::string& attr) const { return attrs.count(attr) != 0; }
  // Typed attribute access; a missing attribute gives the default, a present one of the wrong type throws.
  int64_t attr_int(const std::string& n, int64_t def) const;
  float attr_float(const std::string& n, float def) const;
  std::string attr_string(const std::string& n, const std::string& def) const;
  std::vector<int64_t> attr_ints(const std::string& n, const std::vector<int64_t>& def = {}) const;
  std::vector<float> attr_floats(const std::string& n, const std::vector<float>& def = {}) const;
  const Tensor* attr_tensor(const std::string& n) const;
  bool has_input(size_t i) const { return i < inputs.size() && inputs[i] != kNoValue; }
  std::string label() const;  // "Conv 'conv1'" for messages
};

class Graph {
 public:
  std::string name;
  int64_t opset = 0;
  std::vector<Value> values;
  std::vector<Node> nodes;  // topological order
  std::vector<int> inputs;  // non-constant graph inputs
  std::vector<int> outputs;

  int add_value(Value v);
  // Id of the value with this name, or kNoValue.
  int find(const std::string& value_name) const;
  const Value& value(int id) const { return values.at(static_cast<size_t>(id)); }
  Value& value(int id) { return values.at(static_cast<size_t>(id)); }
  // The node producing each value (index into nodes), or -1 for graph inputs and constants.
  std::vector<int> producers() const;
  // For each value, the indices of the nodes that read it.
  std::vector<std::vector<int>> consumers() const;

 private:
  std::map<std::string, int> index_;
};

// Checks the graph's invariants (ids in range, every value defined once before use, op arities, graph outputs
// produced). Throws ohmic::Error listing every problem found.
void verify(const Graph& g);
// Readable text form, one line per value and node.
std::string dump(const Graph& g);

}  // namespace ohmic::graph
