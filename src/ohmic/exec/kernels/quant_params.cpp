#include "ohmic/exec/kernels/quant_params.h"

#include <cmath>

namespace ohmic::exec {

std::vector<int64_t> zero_points(const KernelContext& ctx, const Tensor* zp, DType data_type, int64_t count,
                                 const std::string& name) {
  if (!zp) return std::vector<int64_t>(static_cast<size_t>(count), 0);
  if (zp->dtype() != data_type)
    ctx.fail(name + " is " + std::string(graph::dtype_name(zp->dtype())) + " but the data it shifts is " +
                 std::string(graph::dtype_name(data_type)),
             "give the zero point the data's element type");
  if (zp->numel() != 1 && zp->numel() != count)
    ctx.fail(name + " has " + std::to_string(zp->numel()) + " elements; expected 1 (per tensor) or " +
             std::to_string(count) + " (per channel)");
  std::vector<int64_t> v = zp->to_int64s();
  if (v.size() == 1) v.assign(static_cast<size_t>(count), v[0]);
  return v;
}

std::vector<float> scales(const KernelContext& ctx, const Tensor& s, int64_t count, const std::string& name) {
  if (s.dtype() != DType::Float32)
    ctx.fail(name + " is " + std::string(graph::dtype_name(s.dtype())), "scales are float32 tensors");
  if (s.numel() != 1 && s.numel() != count)
    ctx.fail(name + " has " + std::to_string(s.numel()) + " elements; expected 1 (per tensor) or " +
             std::to_string(count) + " (per channel)");
  std::vector<float> v(s.values<float>().begin(), s.values<float>().end());
  for (float f : v)
    if (!(f > 0.0f) || !std::isfinite(f)) ctx.fail(name + " holds " + std::to_string(f), "scales must be positive and finite");
  if (v.size() == 1) v.assign(static_cast<size_t>(count), v[0]);
  return v;
}

void require_8bit(const KernelContext& ctx, const Tensor& t, const std::string& name) {
  if (t.dtype() != DType::UInt8 && t.dtype() != DType::Int8)
    ctx.fail(name + " is " + std::string(graph::dtype_name(t.dtype())), "use uint8 or int8 data");
}

}  // namespace ohmic::exec
