#pragma once
// Helpers shared by the shape, reduce and misc kernels: axis normalization, integer-list and scalar inputs,
// contiguous strides, and a strided copy by element size that serves every element type (bool included).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

// Maps an axis in [-rank, rank) to [0, rank); fails naming `what` otherwise.
int64_t normalize_axis(const KernelContext& ctx, int64_t axis, int64_t rank, const std::string& what = "axis");
// Normalizes every axis; fails on an axis out of range or repeated.
std::vector<int64_t> normalize_axes(const KernelContext& ctx, const std::vector<int64_t>& axes, int64_t rank,
                                    const std::string& what = "axes");

// The values of integer input `i` (any integer type); fails when it is not an integer tensor.
std::vector<int64_t> int_list_input(const KernelContext& ctx, size_t i, const std::string& what);
// Axes given as input `i` (opset 13+) or, for older opsets, as attribute "axes"; nullopt when neither is given.
std::optional<std::vector<int64_t>> axes_input_or_attr(const KernelContext& ctx, size_t i);
// The single value of a one-element numeric input, as double; fails when it has more than one element.
double scalar_input(const KernelContext& ctx, size_t i, const std::string& what);

Dims contiguous_strides(const Dims& dims);

// Copies the elements of a `dims`-shaped view: element (i0, i1, ...) goes from src + sum(i_k * src_strides[k]) to
// dst + sum(i_k * dst_strides[k]) (strides in elements, pointers already at the views' origins). Each destination
// element is written once, so the result does not depend on the thread count.
void strided_copy(size_t elem_bytes, const Dims& dims, const std::byte* src, const Dims& src_strides, std::byte* dst,
                  const Dims& dst_strides);

// Byte pointer to element `index` of a tensor of any element type.
inline const std::byte* element_ptr(const Tensor& t, int64_t index) {
  return static_cast<const std::byte*>(t.raw()) + index * static_cast<int64_t>(graph::dtype_size(t.dtype()));
}
inline std::byte* element_ptr(Tensor& t, int64_t index) {
  return static_cast<std::byte*>(t.raw()) + index * static_cast<int64_t>(graph::dtype_size(t.dtype()));
}

// Fails unless the element type can be stored (shape-like kernels copy any stored type by size).
void require_storable(const KernelContext& ctx, const Tensor& t, const std::string& what);

}  // namespace ohmic::exec
