// Element-wise arithmetic with multidirectional broadcasting (Add Sub Mul Div Pow Equal Where) and unary math
// (Sqrt Exp Log Neg Abs), for float32, float64 and every integer type. Integer arithmetic wraps; integer Div
// truncates toward zero like C and fails on a zero divisor.
#include <cmath>
#include <cstdlib>
#include <type_traits>

#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/broadcast.h"
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/elementwise_util.h"

namespace ohmic::exec {
namespace {

using graph::OpKind;

void require_same_type(const KernelContext& ctx, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype())
    ctx.fail("inputs have different element types (" + std::string(graph::dtype_name(a.dtype())) + " and " +
                 std::string(graph::dtype_name(b.dtype())) + ")",
             "insert a Cast so both inputs have the same type");
}

template <class T>
T safe_div(T a, T b) {
  if constexpr (std::is_signed_v<T> && std::is_integral_v<T>) {
    if (b == T(-1)) return wrap_neg(a);  // INT_MIN / -1 overflows (and traps on x86)
  }
  return static_cast<T>(a / b);
}

template <OpKind Op>
void arithmetic(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  require_same_type(ctx, a, b);
  dispatch_numeric(a.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    auto run = [&](auto f) { ctx.set_output(0, broadcast_binary<T, T, T>(ctx, a, b, a.dtype(), f)); };
    if constexpr (Op == OpKind::Add) run([](T x, T y) { return wrap_add(x, y); });
    if constexpr (Op == OpKind::Sub) run([](T x, T y) { return wrap_sub(x, y); });
    if constexpr (Op == OpKind::Mul) run([](T x, T y) { return wrap_mul(x, y); });
    if constexpr (Op == OpKind::Div) {
      if constexpr (std::is_integral_v<T>) {
        for (T v : b.values<T>())
          if (v == T{0}) ctx.fail("integer division by zero", "make sure the divisor input holds no zeros");
      }
      run([](T x, T y) { return safe_div(x, y); });
    }
  });
}

// Integer power by squaring, wrapping on overflow; a negative exponent gives the truncated real result.
template <class T, class E>
T int_pow(const KernelContext& ctx, T base, E exp) {
  if constexpr (std::is_signed_v<E>) {
    if (exp < E{0}) {
      if (base == T{1}) return T{1};
      if constexpr (std::is_signed_v<T>) {
        if (base == T{-1}) return (static_cast<int64_t>(exp) % 2 == 0) ? T{1} : T{-1};
      }
      if (base == T{0}) ctx.fail("integer 0 raised to a negative power", "use a float base");
      return T{0};
    }
  }
  T result{1};
  // exp >= 0 here (negative exponents returned above): its unsigned counterpart has the same value.
  uint64_t e = static_cast<uint64_t>(static_cast<std::make_unsigned_t<E>>(exp));
  T b = base;
  while (e) {
    if (e & 1u) result = wrap_mul(result, b);
    b = wrap_mul(b, b);
    e >>= 1u;
  }
  return result;
}

void pow_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  dispatch_numeric(a.dtype(), ctx, [&](auto base_tag) {
    using T = decltype(base_tag);
    dispatch_numeric(b.dtype(), ctx, [&](auto exp_tag) {
      using E = decltype(exp_tag);
      Tensor out;
      if constexpr (std::is_integral_v<T> && std::is_integral_v<E>) {
        out = broadcast_binary<T, T, E>(ctx, a, b, a.dtype(), [&](T x, E y) { return int_pow(ctx, x, y); });
      } else if constexpr (std::is_same_v<T, float> && std::is_same_v<E, float>) {
        out = broadcast_binary<T, T, E>(ctx, a, b, a.dtype(), [](float x, float y) { return std::pow(x, y); });
      } else {
        out = broadcast_binary<T, T, E>(ctx, a, b, a.dtype(), [](T x, E y) {
          return convert_value<T>(std::pow(static_cast<double>(x), static_cast<double>(y)));
        });
      }
      ctx.set_output(0, std::move(out));
    });
  });
}

void equal_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  require_same_type(ctx, a, b);
  dispatch_any(a.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    ctx.set_output(0, broadcast_binary<bool, T, T>(ctx, a, b, DType::Bool, [](T x, T y) { return x == y; }));
  });
}

// Unsigned integer type of N bytes: Where copies elements by size, so it serves every stored type.
template <size_t N>
using Bits = std::conditional_t<N == 1, uint8_t, std::conditional_t<N == 2, uint16_t, std::conditional_t<N == 4, uint32_t, uint64_t>>>;

void where_kernel(KernelContext& ctx) {
  const Tensor& c = ctx.input(0);
  const Tensor& x = ctx.input(1);
  const Tensor& y = ctx.input(2);
  if (c.dtype() != DType::Bool)
    ctx.fail("condition (input 0) must be bool, got " + std::string(graph::dtype_name(c.dtype())));
  require_same_type(ctx, x, y);
  Dims out_dims = broadcast_dims(ctx, {&c.dims(), &x.dims(), &y.dims()});
  Tensor out(x.dtype(), out_dims);
  BroadcastLoop<3> loop(out_dims, {&c.dims(), &x.dims(), &y.dims()});
  auto run = [&](auto tag) {
    using T = decltype(tag);
    const bool* pc = c.data<bool>();
    const T* px = static_cast<const T*>(x.raw());
    const T* py = static_cast<const T*>(y.raw());
    T* po = static_cast<T*>(out.raw());
    const int64_t sc = loop.inner_stride(0), sx = loop.inner_stride(1), sy = loop.inner_stride(2);
    loop.run([&](int64_t o, int64_t n, const std::array<int64_t, 3>& off) {
      for (int64_t i = 0; i < n; ++i)
        po[o + i] = pc[off[0] + i * sc] ? px[off[1] + i * sx] : py[off[2] + i * sy];
    });
  };
  switch (graph::dtype_size(x.dtype())) {
    case 1: run(Bits<1>{}); break;
    case 2: run(Bits<2>{}); break;
    case 4: run(Bits<4>{}); break;
    case 8: run(Bits<8>{}); break;
    default: ctx.fail("element type " + std::string(graph::dtype_name(x.dtype())) + " is not supported here");
  }
  ctx.set_output(0, std::move(out));
}

template <OpKind Op>
void float_unary(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    auto run = [&](auto f) { ctx.set_output(0, unary_map<T, T>(x, x.dtype(), f)); };
    if constexpr (Op == OpKind::Sqrt) run([](T v) { return std::sqrt(v); });
    if constexpr (Op == OpKind::Exp) run([](T v) { return std::exp(v); });
    if constexpr (Op == OpKind::Log) run([](T v) { return std::log(v); });
  });
}

void neg_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  dispatch_numeric(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    ctx.set_output(0, unary_map<T, T>(x, x.dtype(), [](T v) { return wrap_neg(v); }));
  });
}

void abs_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  dispatch_numeric(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    ctx.set_output(0, unary_map<T, T>(x, x.dtype(), [](T v) {
                     if constexpr (std::is_floating_point_v<T>)
                       return std::abs(v);
                     else if constexpr (std::is_unsigned_v<T>)
                       return v;
                     else
                       return v < T{0} ? wrap_neg(v) : v;  // |INT_MIN| wraps to INT_MIN, as in two's complement
                   }));
  });
}

}  // namespace

void register_elementwise_kernels(KernelRegistry& r) {
  r.add(OpKind::Add, arithmetic<OpKind::Add>);
  r.add(OpKind::Sub, arithmetic<OpKind::Sub>);
  r.add(OpKind::Mul, arithmetic<OpKind::Mul>);
  r.add(OpKind::Div, arithmetic<OpKind::Div>);
  r.add(OpKind::Pow, pow_kernel);
  r.add(OpKind::Equal, equal_kernel);
  r.add(OpKind::Where, where_kernel);
  r.add(OpKind::Sqrt, float_unary<OpKind::Sqrt>);
  r.add(OpKind::Exp, float_unary<OpKind::Exp>);
  r.add(OpKind::Log, float_unary<OpKind::Log>);
  r.add(OpKind::Neg, neg_kernel);
  r.add(OpKind::Abs, abs_kernel);
}

}  // namespace ohmic::exec
