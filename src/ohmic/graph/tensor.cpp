#include "ohmic/graph/tensor.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "ohmic/core/error.h"

namespace ohmic::graph {
namespace {

uint64_t initial_cap() {
  if (const char* env = std::getenv("OHMIC_MAX_TENSOR_BYTES")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(env, &end, 10);
    if (end != env && v > 0) return v;
  }
  return 8ull << 30;
}

std::atomic<uint64_t>& cap() {
  static std::atomic<uint64_t> c{initial_cap()};
  return c;
}

template <class To>
std::vector<To> convert_all(const Tensor& t) {
  std::vector<To> out(static_cast<size_t>(t.numel()));
  auto fill = [&](auto tag) {
    using T = decltype(tag);
    const T* p = static_cast<const T*>(t.raw());
    // NOLINTNEXTLINE(bugprone-signed-char-misuse): int8 elements are numbers, not characters; sign extension is meant
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<To>(p[i]);
  };
  switch (t.dtype()) {
    case DType::Float32: fill(float{}); break;
    case DType::Float64: fill(double{}); break;
    case DType::Int8: fill(int8_t{}); break;
    case DType::UInt8: fill(uint8_t{}); break;
    case DType::Int16: fill(int16_t{}); break;
    case DType::UInt16: fill(uint16_t{}); break;
    case DType::Int32: fill(int32_t{}); break;
    case DType::UInt32: fill(uint32_t{}); break;
    case DType::Int64: fill(int64_t{}); break;
    case DType::UInt64: fill(uint64_t{}); break;
    case DType::Bool: fill(bool{}); break;
    default: fail("tensor", "cannot convert " + std::string(dtype_name(t.dtype())) + " values to numbers");
  }
  return out;
}

}  // namespace

int64_t element_count(const Dims& dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0) fail("tensor", "negative dimension in shape " + dims_str(dims));
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      fail("tensor", "shape " + dims_str(dims) + " has more elements than fit in 64 bits");
    n *= d;
  }
  return n;
}

std::string dims_str(const Dims& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

uint64_t max_tensor_bytes() { return cap().load(); }
void set_max_tensor_bytes(uint64_t bytes) { cap().store(bytes); }

Tensor::Tensor(DType dtype, Dims dims) : dtype_(dtype), dims_(std::move(dims)) {
  numel_ = element_count(dims_);
  size_t esize = dtype_size(dtype_);
  if (esize == 0) fail("tensor", "element type " + std::string(dtype_name(dtype_)) + " cannot be stored");
  uint64_t bytes = static_cast<uint64_t>(numel_) * esize;
  if (numel_ != 0 && bytes / esize != static_cast<uint64_t>(numel_)) fail("tensor", "size overflow for " + dims_str(dims_));
  if (bytes > max_tensor_bytes())
    fail("tensor", "shape " + dims_str(dims_) + " of " + std::string(dtype_name(dtype_)) + " needs " +
                       std::to_string(bytes) + " bytes, over the limit of " + std::to_string(max_tensor_bytes()),
         "raise OHMIC_MAX_TENSOR_BYTES if the file is trusted");
  size_t alloc = static_cast<size_t>((bytes + 63) / 64 * 64);
  if (alloc == 0) alloc = 64;
  void* p = std::aligned_alloc(64, alloc);
  if (!p) fail("tensor", "out of memory allocating " + std::to_string(alloc) + " bytes");
  std::memset(p, 0, alloc);
  buffer_ = std::shared_ptr<std::byte>(static_cast<std::byte*>(p), [](std::byte* q) { std::free(q); });
}

Tensor Tensor::reshaped(Dims dims) const {
  if (element_count(dims) != numel_)
    fail("tensor", "cannot reshape " + dims_str(dims_) + " to " + dims_str(dims) + ": element counts differ");
  Tensor t = *this;
  t.dims_ = std::move(dims);
  return t;
}

Tensor Tensor::clone() const {
  Tensor t(dtype_, dims_);
  if (nbytes()) std::memcpy(t.raw(), raw(), nbytes());
  return t;
}

std::vector<double> Tensor::to_doubles() const { return convert_all<double>(*this); }
std::vector<int64_t> Tensor::to_int64s() const { return convert_all<int64_t>(*this); }

void Tensor::check_type(DType t) const {
  if (t != dtype_)
    fail("tensor", "element type is " + std::string(dtype_name(dtype_)) + ", accessed as " + std::string(dtype_name(t)));
}

void Tensor::check_count(size_t n) const {
  if (static_cast<int64_t>(n) != numel_)
    fail("tensor", std::to_string(n) + " values given for shape " + dims_str(dims_));
}

}  // namespace ohmic::graph
