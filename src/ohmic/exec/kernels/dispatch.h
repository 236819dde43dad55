#pragma once
// Calls a generic lambda with a value of the C++ type that matches a DType, so one template body serves every
// element type: dispatch_numeric(t.dtype(), ctx, [&](auto tag) { using T = decltype(tag); ... });
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

template <class F>
decltype(auto) dispatch_float(DType t, const KernelContext& ctx, F&& f) {
  switch (t) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
    default: ctx.fail("element type " + std::string(graph::dtype_name(t)) + " is not supported here", "use float32 or float64");
  }
}

template <class F>
decltype(auto) dispatch_integer(DType t, const KernelContext& ctx, F&& f) {
  switch (t) {
    case DType::Int8: return f(int8_t{});
    case DType::UInt8: return f(uint8_t{});
    case DType::Int16: return f(int16_t{});
    case DType::UInt16: return f(uint16_t{});
    case DType::Int32: return f(int32_t{});
    case DType::UInt32: return f(uint32_t{});
    case DType::Int64: return f(int64_t{});
    case DType::UInt64: return f(uint64_t{});
    default: ctx.fail("element type " + std::string(graph::dtype_name(t)) + " is not an integer type");
  }
}

template <class F>
decltype(auto) dispatch_numeric(DType t, const KernelContext& ctx, F&& f) {
  if (t == DType::Float32 || t == DType::Float64) return dispatch_float(t, ctx, std::forward<F>(f));
  return dispatch_integer(t, ctx, std::forward<F>(f));
}

// Numeric types plus bool.
template <class F>
decltype(auto) dispatch_any(DType t, const KernelContext& ctx, F&& f) {
  if (t == DType::Bool) return f(bool{});
  return dispatch_numeric(t, ctx, std::forward<F>(f));
}

}  // namespace ohmic::exec
