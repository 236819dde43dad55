// Activations: Relu LeakyRelu Sigmoid HardSigmoid HardSwish Tanh Erf (float32/float64; Relu also on signed
// integers, opset 14) and Clip (every numeric type; bounds as inputs from opset 11, as attributes before).
#include <algorithm>
#include <cmath>
#include <limits>

#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/elementwise_util.h"

namespace ohmic::exec {
namespace {

using graph::OpKind;

template <class T>
T sigmoid(T x) {
  // Both branches stay finite: exp of a non-positive number never overflows.
  if (x >= T{0}) return T{1} / (T{1} + std::exp(-x));
  const T e = std::exp(x);
  return e / (T{1} + e);
}

template <OpKind Op>
void float_activation(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const auto& node = ctx.node();
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    auto run = [&](auto f) { ctx.set_output(0, unary_map<T, T>(x, x.dtype(), f)); };
    if constexpr (Op == OpKind::LeakyRelu) {
      const T alpha = static_cast<T>(node.attr_float("alpha", 0.01f));
      run([alpha](T v) { return v < T{0} ? alpha * v : v; });
    }
    if constexpr (Op == OpKind::Sigmoid) run([](T v) { return sigmoid(v); });
    if constexpr (Op == OpKind::HardSigmoid) {
      const T alpha = static_cast<T>(node.attr_float("alpha", 0.2f));
      const T beta = static_cast<T>(node.attr_float("beta", 0.5f));
      run([alpha, beta](T v) { return std::max(T{0}, std::min(T{1}, alpha * v + beta)); });
    }
    if constexpr (Op == OpKind::HardSwish) {
      // ONNX: y = x * max(0, min(1, alpha * x + beta)) with alpha = 1/6, beta = 0.5.
      const T alpha = T{1} / T{6};
      run([alpha](T v) { return v * std::max(T{0}, std::min(T{1}, alpha * v + T{0.5})); });
    }
    if constexpr (Op == OpKind::Tanh) run([](T v) { return std::tanh(v); });
    if constexpr (Op == OpKind::Erf) run([](T v) { return std::erf(v); });
  });
}

void relu_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  dispatch_numeric(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    // NaN stays NaN (the comparison is false), as in ONNX Runtime.
    ctx.set_output(0, unary_map<T, T>(x, x.dtype(), [](T v) {
                     if constexpr (std::is_unsigned_v<T>)
                       return v;
                     else
                       return v < T{0} ? T{0} : v;
                   }));
  });
}

// Clip bound from input `i` (opset 11+), else attribute `attr` (opset 6), else `fallback`.
template <class T>
T clip_bound(const KernelContext& ctx, size_t i, const char* attr, T fallback) {
  if (ctx.has_input(i)) {
    const Tensor& b = ctx.input(i);
    if (b.dtype() != ctx.input(0).dtype())
      ctx.fail(std::string(attr) + " (input " + std::to_string(i) + ") has type " +
                   std::string(graph::dtype_name(b.dtype())) + ", the data has " +
                   std::string(graph::dtype_name(ctx.input(0).dtype())),
               "give the bound the data's element type");
    if (b.numel() != 1)
      ctx.fail(std::string(attr) + " (input " + std::to_string(i) + ") must be a scalar, got shape " +
               graph::dims_str(b.dims()));
    return b.data<T>()[0];
  }
  if (ctx.node().has(attr)) return static_cast<T>(ctx.node().attr_float(attr, 0.0f));
  return fallback;
}

void clip_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  dispatch_numeric(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    const T lo = clip_bound<T>(ctx, 1, "min", std::numeric_limits<T>::lowest());
    const T hi = clip_bound<T>(ctx, 2, "max", std::numeric_limits<T>::max());
    // min > max gives max everywhere, as the ONNX spec says; NaN passes through.
    ctx.set_output(0, unary_map<T, T>(x, x.dtype(), [lo, hi](T v) {
                     const T a = v < lo ? lo : v;
                     return hi < a ? hi : a;
                   }));
  });
}

}  // namespace

void register_activation_kernels(KernelRegistry& r) {
  r.add(OpKind::Relu, relu_kernel);
  r.add(OpKind::LeakyRelu, float_activation<OpKind::LeakyRelu>);
  r.add(OpKind::Sigmoid, float_activation<OpKind::Sigmoid>);
  r.add(OpKind::HardSigmoid, float_activation<OpKind::HardSigmoid>);
  r.add(OpKind::HardSwish, float_activation<OpKind::HardSwish>);
  r.add(OpKind::Tanh, float_activation<OpKind::Tanh>);
  r.add(OpKind::Erf, float_activation<OpKind::Erf>);
  r.add(OpKind::Clip, clip_kernel);
}

}  // namespace ohmic::exec
