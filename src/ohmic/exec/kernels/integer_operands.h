#pragma once
// The operands and outputs of the integer matrix ops, in one place:
// - ConvInteger, MatMulInteger: (x, w, x_zero_point?, w_zero_point?) -> int32 accumulators.
// - QLinearConv, QLinearMatMul: (x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point[, bias])
//   -> the accumulators requantized into y_zero_point's 8-bit type; y_scale and y_zero_point are per tensor.
// x and w (and y_zero_point) are int8 or uint8.
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/quant_math.h"

namespace ohmic::exec {

struct IntegerOperands {
  const Tensor& x;
  const Tensor& w;
};
// x is input 0, w input `w_index` (1 for ConvInteger and MatMulInteger, 3 for the QLinear ops); checks both are
// 8-bit, calling them x_name and w_name in errors.
IntegerOperands integer_operands(const KernelContext& ctx, size_t w_index, const std::string& x_name,
                                 const std::string& w_name);

// An optional zero-point input (ConvInteger, MatMulInteger): zero_points() of input `index` when it is given, else
// `count` zeros.
std::vector<int64_t> optional_zero_points(const KernelContext& ctx, size_t index, DType data_type, int64_t count,
                                          const std::string& name);

// The int32 output of ConvInteger and MatMulInteger: y[i] = acc(i) as int32 (the type ONNX gives the result).
template <class Accumulator>
Tensor int32_output(const graph::Dims& dims, const Accumulator& acc) {
  Tensor y(DType::Int32, dims);
  int32_t* p = y.data<int32_t>();
  for (int64_t i = 0; i < y.numel(); ++i) p[i] = static_cast<int32_t>(acc(i));
  return y;
}

struct QLinearOutput {
  float scale = 1;
  int64_t zero_point = 0;
  DType dtype = DType::UInt8;  // y_zero_point's type
};

// Checks y_zero_point is int8/uint8 and y_scale and y_zero_point are scalars; returns the output's scale, zero point
// and element type.
QLinearOutput qlinear_output(const KernelContext& ctx);

// The QLinear output tensor: y[i] = requantize(acc(i), multiplier(i), out.zero_point), saturated to out.dtype.
template <class Accumulator, class Multiplier>
Tensor requantized_output(const QLinearOutput& out, const graph::Dims& dims, const Accumulator& acc,
                          const Multiplier& multiplier) {
  Tensor y(out.dtype, dims);
  auto write = [&](auto* p) {
    using Q = std::remove_pointer_t<decltype(p)>;
    for (int64_t i = 0; i < y.numel(); ++i) p[i] = requantize<Q>(acc(i), multiplier(i), out.zero_point);
  };
  if (out.dtype == DType::UInt8) write(y.data<uint8_t>());
  else write(y.data<int8_t>());
  return y;
}

}  // namespace ohmic::exec
