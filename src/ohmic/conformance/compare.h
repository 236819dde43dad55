#pragma once
// Output comparison with the ONNX backend-test criterion (numpy.testing.assert_allclose, rtol 1e-3, atol 1e-7):
// dtype and shape exact; floats |got - expected| <= atol + rtol * |expected|, NaN equals NaN, infinities equal when
// they have the same sign; integers and bools exact.
#include <optional>
#include <string>

#include "ohmic/graph/tensor.h"

namespace ohmic::conformance {

struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

// nullopt when `got` matches `expected`; otherwise why not: the dtype or shape difference, or the number of
// mismatching elements, the first mismatching index (flat and per dimension) with both values, and the largest
// absolute error.
std::optional<std::string> compare_tensors(const graph::Tensor& got, const graph::Tensor& expected,
                                           const Tolerance& tol = {});

}  // namespace ohmic::conformance
