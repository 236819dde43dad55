#pragma once
// Where a CIM layer's ONNX tensors meet the Plan's matrix form, for one concrete input: the positions of this batch,
// the output shape, the lowering of the quantized input tensor (compile::lower_input, plus grouped MatMul, which
// compile lowers only for counting because MatrixForm does not keep M), and where each lowered output lands.
//   conv:            input NCHW / NCW, im2col by compile::lower_input; output NCHW / NCW.
//   gemm / matmul:   input [..., K]: one position per leading index; output [..., N].
//   grouped matmul:  input [..., G, M, K] with a constant weight [G, K, N] (each group one weight matrix): position
//                    (outer, m), lowered column g*K + k; output [..., G, M, N], lowered column g*N + n.
#include <cstdint>
#include <span>

#include "ohmic/compile/ideal_exec.h"
#include "ohmic/compile/plan.h"
#include "ohmic/core/error.h"
#include "ohmic/graph/tensor.h"

namespace ohmic::sim {

struct LayerLayout {
  compile::MatrixForm matrix;  // the compiled form with this input's batch and positions
  graph::Dims input_dims, output_dims;
  int64_t group_rows = 1;      // grouped matmul: M (rows of one group's input matrix)
  // ONNX output offset of lowered (position p, column c), c in [0, groups * cols).
  int64_t output_offset(int64_t p, int64_t c) const;
};

// The layout for an input of shape `input_dims`; the reason when the input does not match the compiled layer.
Expected<LayerLayout> layer_layout(const compile::MatrixForm& compiled, const graph::Dims& input_dims);
// The quantized input tensor (ONNX layout, layout.input_dims) as compile's lowered matrix.
compile::LoweredInput lower_layer_input(const LayerLayout& layout, std::span<const int32_t> input);

}  // namespace ohmic::sim
