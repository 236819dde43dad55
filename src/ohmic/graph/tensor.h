#pragma once
// A dense host tensor: element type, concrete shape, and a 64-byte-aligned buffer shared between copies (copies are
// shallow; clone() copies the data). Kernels never write into their inputs, so sharing is safe.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ohmic/graph/dtype.h"

namespace ohmic::graph {

using Dims = std::vector<int64_t>;

int64_t element_count(const Dims& dims);  // product; throws ohmic::Error on negative dims or overflow
std::string dims_str(const Dims& dims);     // "[1, 3, 224, 224]"

// Upper bound on one tensor's size in bytes; a file that declares more is rejected before allocating.
// Default 8 GiB; OHMIC_MAX_TENSOR_BYTES overrides it.
uint64_t max_tensor_bytes();
void set_max_tensor_bytes(uint64_t bytes);

class Tensor {
 public:
  Tensor() = default;
  Tensor(DType dtype, Dims dims);  // zero-filled

  template <class T>
  static Tensor from(Dims dims, std::span<const T> values) {
    Tensor t(dtype_of<T>(), std::move(dims));
    t.check_count(values.size());
    std::copy(values.begin(), values.end(), t.data<T>());
    return t;
  }
  template <class T>
  static Tensor from(Dims dims, std::initializer_list<T> values) {
    return from<T>(std::move(dims), std::span<const T>(values.begin(), values.size()));
  }
  template <class T>
  static Tensor scalar(T v) {
    return from<T>({}, {v});
  }

  DType dtype() const { return dtype_; }
  const Dims& dims() const { return dims_; }
  int rank() const { return static_cast<int>(dims_.size()); }
  int64_t dim(int i) const { return dims_[static_cast<size_t>(i < 0 ? i + rank() : i)]; }
  int64_t numel() const { return numel_; }
  size_t nbytes() const { return static_cast<size_t>(numel_) * dtype_size(dtype_); }
  bool empty_storage() const { return !buffer_; }

  template <class T>
  T* data() {
    check_type(dtype_of<T>());
    return static_cast<T*>(raw());
  }
  template <class T>
  const T* data() const {
    check_type(dtype_of<T>());
    return static_cast<const T*>(raw());
  }
  template <class T>
  std::span<const T> values() const {
    return {data<T>(), static_cast<size_t>(numel_)};
  }
  void* raw() { return buffer_ ? buffer_.get() : nullptr; }
  const void* raw() const { return buffer_ ? buffer_.get() : nullptr; }

  // Same buffer, new shape with the same element count.
  Tensor reshaped(Dims dims) const;
  Tensor clone() const;
  // Any numeric tensor converted element-wise to double / int64 (for shape-like inputs and comparisons).
  std::vector<double> to_doubles() const;
  std::vector<int64_t> to_int64s() const;

 private:
  void check_type(DType t) const;
  void check_count(size_t n) const;
  DType dtype_ = DType::Undefined;
  Dims dims_;
  int64_t numel_ = 0;
  std::shared_ptr<std::byte> buffer_;
};

}  // namespace ohmic::graph
