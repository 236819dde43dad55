#pragma once
// Element-wise building blocks shared by the elementwise, activation and misc kernels: integer arithmetic that wraps
// (two's complement, as ONNX runtimes do) instead of overflowing into undefined behaviour, a saturating
// float-to-integer conversion, and a parallel unary map.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

// Unsigned type at least as wide as `unsigned int`, so that products of narrow types cannot overflow `int`.
template <class T>
using WrapType = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;

template <class T>
T wrap_add(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<WrapType<T>>(a) + static_cast<WrapType<T>>(b));
  else
    return a + b;
}
template <class T>
T wrap_sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<WrapType<T>>(a) - static_cast<WrapType<T>>(b));
  else
    return a - b;
}
template <class T>
T wrap_mul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return static_cast<T>(static_cast<WrapType<T>>(a) * static_cast<WrapType<T>>(b));
  else
    return a * b;
}
template <class T>
T wrap_neg(T a) {
  if constexpr (std::is_integral_v<T>)
    return static_cast<T>(WrapType<T>{0} - static_cast<WrapType<T>>(a));
  else
    return -a;
}

// Float to integer: truncates toward zero, saturates at the type's limits, NaN gives 0 (C++ leaves all three
// undefined; this is the defined choice ohmic makes everywhere).
template <class To, class From>
To convert_value(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From{0};
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    if (std::isnan(v)) return To{0};
    const double t = std::trunc(static_cast<double>(v));
    if (t <= static_cast<double>(std::numeric_limits<To>::lowest())) return std::numeric_limits<To>::lowest();
    // 2^63 and 2^64 are exact doubles; max() of 64-bit types is not, so compare against max()+1.
    const double above = static_cast<double>(std::numeric_limits<To>::max()) + 1.0;
    if (t >= above) return std::numeric_limits<To>::max();
    return static_cast<To>(t);
  } else {
    return static_cast<To>(v);
  }
}

// out[i] = f(in[i]) for a tensor of element type I, output of type O, in fixed parallel chunks.
template <class O, class I, class F>
Tensor unary_map(const Tensor& in, DType out_type, F f) {
  Tensor out(out_type, in.dims());
  const I* x = in.data<I>();
  O* y = out.data<O>();
  parallel_for(in.numel(), int64_t{1} << 15, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) y[i] = f(x[i]);
  });
  return out;
}

}  // namespace ohmic::exec
