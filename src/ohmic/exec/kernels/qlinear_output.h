#pragma once
// What QLinearConv and QLinearMatMul share. Both take (x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale,
// y_zero_point[, bias]): x, w and y_zero_point are 8-bit; y_scale and y_zero_point are one element each (per
// tensor); the output has y_zero_point's type and holds the exact integer accumulators requantized into it.
#include <cstdint>
#include <string>
#include <type_traits>

#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/quant_math.h"

namespace ohmic::exec {

struct QLinearOutput {
  float scale = 1;
  int64_t zero_point = 0;
  DType dtype = DType::UInt8;  // y_zero_point's type
};

// Checks inputs 0 and 3 (called x_name and w_name in errors) and y_zero_point are int8/uint8 and y_scale and
// y_zero_point are scalars; returns the output's scale, zero point and element type.
QLinearOutput qlinear_output(const KernelContext& ctx, const std::string& x_name, const std::string& w_name);

// The output tensor: y[i] = requantize(acc(i), multiplier(i), out.zero_point), saturated to out.dtype.
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
