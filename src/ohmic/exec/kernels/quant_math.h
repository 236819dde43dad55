#pragma once
// The integer arithmetic of ONNX quantization, in one place so every exact path (QuantizeLinear, QLinearConv,
// QLinearMatMul here; the CIM simulator's digital periphery later) rounds and saturates identically.
// Rounding is round-half-to-even (std::nearbyint in the default FE_TONEAREST mode), as ONNX specifies.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace ohmic::exec {

template <class Q>
constexpr int64_t quant_min() {
  return static_cast<int64_t>(std::numeric_limits<Q>::min());
}
template <class Q>
constexpr int64_t quant_max() {
  return static_cast<int64_t>(std::numeric_limits<Q>::max());
}

// QuantizeLinear: saturate(round_half_even(x / scale) + zero_point). The division is float32 as in the ONNX spec
// (x / y_scale, not x * (1 / y_scale)); NaN maps to the zero point.
template <class Q>
Q quantize_value(float x, float scale, int64_t zero_point) {
  const float r = std::nearbyint(x / scale);
  if (std::isnan(r)) return static_cast<Q>(std::clamp(zero_point, quant_min<Q>(), quant_max<Q>()));
  const double v = static_cast<double>(r) + static_cast<double>(zero_point);
  return static_cast<Q>(std::clamp(v, static_cast<double>(quant_min<Q>()), static_cast<double>(quant_max<Q>())));
}

// Requantization of an exact integer accumulator (QLinearConv, QLinearMatMul):
// saturate(round_half_even(acc * multiplier) + zero_point), multiplier = in_scale * w_scale / out_scale formed in
// float32 (the type of the ONNX scale tensors); the product acc * multiplier is formed in double (exact while
// |acc| < 2^29), so in practice only the final rounding rounds. Deterministic: no dependence on threads or order.
inline float requant_multiplier(float in_scale, float w_scale, float out_scale) { return in_scale * w_scale / out_scale; }

template <class Q>
Q requantize(int64_t acc, float multiplier, int64_t zero_point) {
  const double r = std::nearbyint(static_cast<double>(acc) * static_cast<double>(multiplier));
  const double v = r + static_cast<double>(zero_point);
  return static_cast<Q>(std::clamp(v, static_cast<double>(quant_min<Q>()), static_cast<double>(quant_max<Q>())));
}

}  // namespace ohmic::exec
