#include "ohmic/conformance/compare.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <sstream>
#include <vector>

namespace ohmic::conformance {
namespace {

using graph::DType;

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
  float magnitude;
  if (exp == 0) magnitude = std::ldexp(static_cast<float>(mant), -24);
  else if (exp == 31) magnitude = mant ? std::nanf("") : INFINITY;
  else magnitude = std::ldexp(static_cast<float>(mant | 0x400u), static_cast<int>(exp) - 25);
  return sign ? -magnitude : magnitude;
}

float bfloat_to_float(uint16_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b) << 16); }

// Float elements widened to double, including the 2-byte float types stored as raw bits.
std::vector<double> float_values(const graph::Tensor& t) {
  if (t.dtype() != DType::Float16 && t.dtype() != DType::BFloat16) return t.to_doubles();
  std::vector<double> out(static_cast<size_t>(t.numel()));
  const auto* bits = static_cast<const uint16_t*>(t.raw());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = t.dtype() == DType::Float16 ? half_to_float(bits[i]) : bfloat_to_float(bits[i]);
  return out;
}

bool close(double got, double expected, const Tolerance& tol) {
  if (std::isnan(got) || std::isnan(expected)) return std::isnan(got) && std::isnan(expected);
  if (std::isinf(got) || std::isinf(expected)) return got == expected;
  return std::fabs(got - expected) <= tol.atol + tol.rtol * std::fabs(expected);
}

std::string multi_index(const graph::Dims& dims, size_t flat) {
  std::vector<int64_t> idx(dims.size());
  for (size_t d = dims.size(); d-- > 0;) {
    if (dims[d] == 0) break;
    idx[d] = static_cast<int64_t>(flat % static_cast<size_t>(dims[d]));
    flat /= static_cast<size_t>(dims[d]);
  }
  return graph::dims_str(idx);
}

std::string num(double v) {
  std::ostringstream s;
  s.precision(9);
  s << v;
  return s.str();
}

template <class T>
std::optional<std::string> compare_values(const std::vector<T>& got, const std::vector<T>& expected,
                                          const graph::Dims& dims, bool is_float, const Tolerance& tol) {
  size_t mismatches = 0, first = 0, worst = 0;
  double max_err = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    bool ok = is_float ? close(static_cast<double>(got[i]), static_cast<double>(expected[i]), tol) : got[i] == expected[i];
    if (ok) continue;
    if (mismatches++ == 0) first = worst = i;
    double err = std::fabs(static_cast<double>(got[i]) - static_cast<double>(expected[i]));
    if (!std::isnan(err) && err > max_err) {
      worst = i;
      max_err = err;
    }
  }
  if (mismatches == 0) return std::nullopt;
  std::string msg = std::to_string(mismatches) + " of " + std::to_string(got.size()) +
                    " elements differ; first at index " + std::to_string(first) + " " + multi_index(dims, first) +
                    ": got " + num(static_cast<double>(got[first])) + ", expected " +
                    num(static_cast<double>(expected[first]));
  msg += "; max |error| " + num(max_err) + " at index " + std::to_string(worst);
  if (is_float) msg += " (allowed " + num(tol.atol) + " + " + num(tol.rtol) + "*|expected|)";
  return msg;
}

}  // namespace

std::optional<std::string> compare_tensors(const graph::Tensor& got, const graph::Tensor& expected, const Tolerance& tol) {
  if (got.dtype() != expected.dtype())
    return "dtype " + std::string(graph::dtype_name(got.dtype())) + ", expected " +
           std::string(graph::dtype_name(expected.dtype()));
  if (got.dims() != expected.dims())
    return "shape " + graph::dims_str(got.dims()) + ", expected " + graph::dims_str(expected.dims());
  if (got.numel() > 0 && (got.empty_storage() || expected.empty_storage())) return std::string("tensor has no data");
  if (graph::dtype_is_float(got.dtype()))
    return compare_values(float_values(got), float_values(expected), got.dims(), true, tol);
  if (got.dtype() == DType::UInt64) {
    std::vector<uint64_t> a(got.values<uint64_t>().begin(), got.values<uint64_t>().end());
    std::vector<uint64_t> b(expected.values<uint64_t>().begin(), expected.values<uint64_t>().end());
    return compare_values(a, b, got.dims(), false, tol);
  }
  return compare_values(got.to_int64s(), expected.to_int64s(), got.dims(), false, tol);
}

}  // namespace ohmic::conformance
