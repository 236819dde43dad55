// Small kernels: Shape (start/end from opset 15), ConstantOfShape, Range, Cast (every stored type, see
// elementwise_cast.h), Identity, Dropout (inference only: a copy, and an all-true mask) and the registration of Pad
// (shape_pad.cpp).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "ohmic/exec/kernel.h"
#include "ohmic/exec/kernels/dispatch.h"
#include "ohmic/exec/kernels/elementwise_cast.h"
#include "ohmic/exec/kernels/shape_kernels.h"
#include "ohmic/exec/kernels/shape_util.h"

namespace ohmic::exec {
namespace {

using graph::OpKind;

void shape_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const int64_t r = x.rank();
  auto clamp_index = [r](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + r : i, 0, r); };
  const int64_t start = clamp_index(ctx.node().attr_int("start", 0));
  const int64_t end = clamp_index(ctx.node().attr_int("end", r));
  const int64_t n = std::max<int64_t>(0, end - start);
  Tensor out(DType::Int64, {n});
  for (int64_t i = 0; i < n; ++i) out.data<int64_t>()[i] = x.dims()[static_cast<size_t>(start + i)];
  ctx.set_output(0, std::move(out));
}

void constant_of_shape_kernel(KernelContext& ctx) {
  const Dims dims = int_list_input(ctx, 0, "shape");
  for (int64_t d : dims)
    if (d < 0) ctx.fail("shape " + graph::dims_str(dims) + " has a negative dimension");
  Tensor value = Tensor::scalar<float>(0.0f);
  if (const Tensor* v = ctx.node().attr_tensor("value")) {
    if (v->numel() != 1) ctx.fail("attribute 'value' must hold one element, got shape " + graph::dims_str(v->dims()));
    value = *v;
  }
  Tensor out(value.dtype(), dims);
  const size_t esize = graph::dtype_size(value.dtype());
  std::byte* dst = element_ptr(out, 0);
  for (int64_t i = 0; i < out.numel(); ++i) std::memcpy(dst + static_cast<size_t>(i) * esize, value.raw(), esize);
  ctx.set_output(0, std::move(out));
}

void range_kernel(KernelContext& ctx) {
  const Tensor& start_t = ctx.input(0);
  for (size_t i = 0; i < 3; ++i) {
    const Tensor& t = ctx.input(i);
    if (t.numel() != 1) ctx.fail("input " + std::to_string(i) + " must be a scalar, got shape " + graph::dims_str(t.dims()));
    if (t.dtype() != start_t.dtype()) ctx.fail("start, limit and delta must have the same element type");
  }
  dispatch_numeric(start_t.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    const T start = ctx.input(0).data<T>()[0], limit = ctx.input(1).data<T>()[0], delta = ctx.input(2).data<T>()[0];
    if (delta == T{0}) ctx.fail("delta is 0", "use a non-zero delta");
    double count = std::ceil((static_cast<double>(limit) - static_cast<double>(start)) / static_cast<double>(delta));
    if (std::isnan(count)) ctx.fail("start, limit or delta is not a number");
    count = std::max(0.0, count);
    if (count > 9e18) ctx.fail("range of " + std::to_string(count) + " elements is too large");
    const int64_t n = static_cast<int64_t>(count);
    Tensor out(start_t.dtype(), {n});
    T* y = out.data<T>();
    for (int64_t i = 0; i < n; ++i) y[i] = static_cast<T>(start + static_cast<T>(i) * delta);
    ctx.set_output(0, std::move(out));
  });
}

void cast_kernel(KernelContext& ctx) {
  if (!ctx.node().has("to")) ctx.fail("attribute 'to' is required");
  const int64_t to = ctx.node().attr_int("to", 0);
  const auto dtype = graph::dtype_from_onnx(static_cast<int>(to));
  if (!dtype || graph::dtype_size(*dtype) == 0)
    ctx.fail("cannot cast to ONNX element type " + std::to_string(to),
             "ohmic casts between numeric types, bool, float16 and bfloat16");
  ctx.set_output(0, cast_tensor(ctx, ctx.input(0), *dtype));
}

void identity_kernel(KernelContext& ctx) { ctx.set_output(0, ctx.input(0)); }

void dropout_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const bool training = ctx.has_input(2) && scalar_input(ctx, 2, "training_mode") != 0.0;
  const double ratio = ctx.has_input(1) ? scalar_input(ctx, 1, "ratio") : ctx.node().attr_float("ratio", 0.5f);
  if (training && ratio != 0.0)
    ctx.fail("training-mode Dropout (ratio " + std::to_string(ratio) + ") drops random elements",
             "export the model for inference (training_mode false)");
  ctx.set_output(0, x);
  if (ctx.num_outputs() > 1) {
    Tensor mask(DType::Bool, x.dims());
    std::fill_n(mask.data<bool>(), mask.numel(), true);
    ctx.set_output(1, std::move(mask));
  }
}

}  // namespace

void register_misc_kernels(KernelRegistry& r) {
  r.add(OpKind::Shape, shape_kernel);
  r.add(OpKind::ConstantOfShape, constant_of_shape_kernel);
  r.add(OpKind::Range, range_kernel);
  r.add(OpKind::Cast, cast_kernel);
  r.add(OpKind::Identity, identity_kernel);
  r.add(OpKind::Dropout, dropout_kernel);
  r.add(OpKind::Pad, pad_kernel);
}

}  // namespace ohmic::exec
