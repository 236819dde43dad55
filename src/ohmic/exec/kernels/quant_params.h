#pragma once
// Reading quantization inputs (scales and zero points, per tensor or per channel) and shifting 8-bit data by its
// zero point into a wider integer type: shared by ConvInteger, QLinearConv, MatMulInteger, QLinearMatMul,
// QuantizeLinear and DequantizeLinear.
#include <cstdint>
#include <string>
#include <vector>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

// A zero-point input: absent -> `count` zeros; one element -> repeated `count` times; else it must hold exactly
// `count` elements (per channel). Its element type must equal `data_type` (the type of the data it shifts).
std::vector<int64_t> zero_points(const KernelContext& ctx, const Tensor* zp, DType data_type, int64_t count,
                                 const std::string& name);
// A float32 scale input, per tensor (one element) or per channel (`count` elements), all positive and finite.
std::vector<float> scales(const KernelContext& ctx, const Tensor& s, int64_t count, const std::string& name);

// Checks that t is int8 or uint8.
void require_8bit(const KernelContext& ctx, const Tensor& t, const std::string& name);

// out[i] = t[i] - zero_point[(i / inner) % zp.size()] for an int8/uint8 tensor t; `inner` is the number of elements
// sharing one zero point along the channel axis (so a per-tensor zero point uses zp of size 1).
template <class A>
std::vector<A> shifted(const Tensor& t, const std::vector<int64_t>& zp, int64_t inner) {
  std::vector<A> out(static_cast<size_t>(t.numel()));
  const int64_t nz = static_cast<int64_t>(zp.size());
  auto run = [&](const auto* p) {
    for (int64_t i = 0; i < t.numel(); ++i)
      out[static_cast<size_t>(i)] = static_cast<A>(p[i]) - static_cast<A>(zp[static_cast<size_t>((i / inner) % nz)]);
  };
  if (t.dtype() == DType::UInt8) run(t.data<uint8_t>());
  else run(t.data<int8_t>());
  return out;
}

}  // namespace ohmic::exec
