#pragma once
// Facts about graph values and nodes that several passes need (internal to ohmic_compile): concrete shapes for a
// batch, where a layer's weights come from, whether an activation is non-negative.
#include <optional>
#include <string>
#include <vector>

#include "ohmic/compile/compile.h"
#include "ohmic/graph/graph.h"

namespace ohmic::compile::detail {

// The value's dims with symbolic dims resolved (leading symbol -> options.batch, named symbols -> options.dims);
// nullopt when the rank or a dimension is unknown. A constant's own dims are used as they are.
std::optional<graph::Dims> concrete_dims(const graph::Value& v, const CompileOptions& options);

// Input positions of a matrix op: data, weight and bias (-1 when the op has none).
struct OperandSlots {
  int input = 0;
  int weight = 1;
  int bias = -1;
};
std::optional<OperandSlots> matrix_operand_slots(graph::OpKind op);  // nullopt: not a matrix op

// Where a layer's weights live. `value` is the constant tensor; for a quantized model (weight behind a
// DequantizeLinear, or an integer op) `quantized` is true and scales/zero points are the model's own.
struct WeightSource {
  int value = graph::kNoValue;
  bool quantized = false;
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int axis = 0;               // axis of the weight tensor the scales run along
  int bits = 8;               // bits of the stored integers
  std::string why_not;        // non-empty: the weights are not a constant (the reason)
};
WeightSource resolve_weight(const graph::Graph& g, const graph::Node& node, const std::vector<int>& producers);

// True when the value is known to be >= 0 (uint8 quantized, the output of Relu/Sigmoid/Clip(min >= 0), or such a
// value passed through pooling or re-indexing). `reason` receives the evidence or why signedness is assumed.
bool value_is_nonnegative(const graph::Graph& g, int value, const std::vector<int>& producers, std::string* reason);

int ceil_log2(int64_t n);             // smallest b with 2^b >= n (0 for n <= 1)
int bits_for_magnitude(int64_t max_abs, bool is_signed);  // bits to hold [0, max] or [-max, max]
int64_t ceil_div(int64_t a, int64_t b);

}  // namespace ohmic::compile::detail
