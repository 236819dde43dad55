#include "ohmic/exec/kernels/elementwise_cast.h"

#include <cmath>
#include <cstring>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/elementwise_util.h"

namespace ohmic::exec {
namespace {

// Storage tags for the two 16-bit float types (held as raw bits).
struct Half {
  uint16_t bits;
};
struct BFloat16 {
  uint16_t bits;
};

template <class F>
decltype(auto) dispatch_storable(DType t, const KernelContext& ctx, F&& f) {
  if (t == DType::Float16) return f(Half{});
  if (t == DType::BFloat16) return f(BFloat16{});
  return dispatch_any(t, ctx, std::forward<F>(f));
}

template <class To, class From>
To convert_any(From v) {
  if constexpr (std::is_same_v<From, Half>) {
    return convert_any<To>(half_to_float(v.bits));
  } else if constexpr (std::is_same_v<From, BFloat16>) {
    return convert_any<To>(bfloat16_to_float(v.bits));
  } else if constexpr (std::is_same_v<To, Half>) {
    return Half{float_to_half(convert_value<float>(v))};
  } else if constexpr (std::is_same_v<To, BFloat16>) {
    return BFloat16{float_to_bfloat16(convert_value<float>(v))};
  } else {
    return convert_value<To>(v);
  }
}

}  // namespace

uint16_t float_to_half(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t a = x & 0x7fffffffu;
  if (a >= 0x7f800000u) return static_cast<uint16_t>(sign | (a > 0x7f800000u ? 0x7e00u : 0x7c00u));  // NaN, inf
  if (a >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // >= 65520 rounds to infinity
  if (a < 0x38800000u) {
    // Below the smallest normal half (2^-14): a multiple of 2^-24, rounded to nearest even (exact in float).
    float af;
    std::memcpy(&af, &a, 4);
    return static_cast<uint16_t>(sign | static_cast<uint32_t>(std::nearbyint(af * 16777216.0f)));
  }
  uint32_t h = ((((a >> 23) - 127u + 15u) << 10) | ((a & 0x7fffffu) >> 13));
  const uint32_t rest = a & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // carries into the exponent correctly
  return static_cast<uint16_t>(sign | h);
}

float half_to_float(uint16_t h) {
  const uint32_t sign = (static_cast<uint32_t>(h) & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
  if (exp == 0) {
    const float v = static_cast<float>(mant) * (1.0f / 16777216.0f);
    return sign ? -v : v;
  }
  const uint32_t bits = exp == 31 ? (sign | 0x7f800000u | (mant << 13)) : (sign | ((exp + 112u) << 23) | (mant << 13));
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t float_to_bfloat16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
  x += 0x7fffu + ((x >> 16) & 1u);
  return static_cast<uint16_t>(x >> 16);
}

float bfloat16_to_float(uint16_t b) {
  const uint32_t x = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}

Tensor cast_tensor(const KernelContext& ctx, const Tensor& x, DType to) {
  if (x.dtype() == to) return x;
  if (graph::dtype_size(to) == 0)
    ctx.fail("cannot cast to " + std::string(graph::dtype_name(to)), "ohmic stores numeric and bool tensors only");
  Tensor out(to, x.dims());
  dispatch_storable(x.dtype(), ctx, [&](auto from_tag) {
    using From = decltype(from_tag);
    dispatch_storable(to, ctx, [&](auto to_tag) {
      using To = decltype(to_tag);
      const From* src = static_cast<const From*>(x.raw());
      To* dst = static_cast<To*>(out.raw());
      parallel_for(x.numel(), int64_t{1} << 15, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) dst[i] = convert_any<To>(src[i]);
      });
    });
  });
  return out;
}

}  // namespace ohmic::exec
