#include "ohmic/sim/layer_layout.h"

#include <fmt/format.h>

#include <algorithm>

namespace ohmic::sim {

int64_t LayerLayout::output_offset(int64_t p, int64_t c) const {
  const compile::MatrixForm& m = matrix;
  if (m.kind == "conv") {  // position p = (image, spatial) -> NCHW
    const int64_t hw = m.conv.out_h * m.conv.out_w;
    return ((p / hw) * m.groups * m.cols + c) * hw + p % hw;
  }
  if (m.groups == 1) return p * m.cols + c;  // row-major positions x cols
  // position p = (outer, row) of group g's [M, N] output: [..., G, M, N]
  const int64_t outer = p / group_rows, row = p % group_rows, g = c / m.cols, n = c % m.cols;
  return ((outer * m.groups + g) * group_rows + row) * m.cols + n;
}

Expected<LayerLayout> layer_layout(const compile::MatrixForm& compiled, const graph::Dims& xd) {
  using R = Expected<LayerLayout>;
  LayerLayout l;
  l.matrix = compiled;
  l.input_dims = xd;
  compile::MatrixForm& m = l.matrix;
  if (m.kind == "conv") {
    if (xd.size() < 3 || xd[1] != m.conv.in_c)
      return R::failure(fmt::format("input {} does not match the compiled convolution ({} input channels)",
                                    graph::dims_str(xd), m.conv.in_c));
    m.batch = xd[0];
    m.positions = m.batch * m.conv.out_h * m.conv.out_w;
    l.output_dims = xd.size() == 4 ? graph::Dims{m.batch, m.groups * m.cols, m.conv.out_h, m.conv.out_w}
                                   : graph::Dims{m.batch, m.groups * m.cols, m.conv.out_w};
    return l;
  }
  if (xd.empty() || xd.back() != m.rows)
    return R::failure(fmt::format("input {} does not match the compiled matrix ({} rows)", graph::dims_str(xd), m.rows));
  if (m.groups != 1) {
    if (xd.size() < 3 || xd[xd.size() - 3] != m.groups)
      return R::failure(fmt::format("input {} does not match the compiled grouped MatMul ([..., {}, M, {}])",
                                    graph::dims_str(xd), m.groups, m.rows));
    l.group_rows = xd[xd.size() - 2];
  }
  m.positions = graph::element_count(xd) / (m.rows * m.groups);
  m.batch = xd.size() > 2 ? xd[0] : 1;
  l.output_dims = xd;
  l.output_dims.back() = m.cols;
  return l;
}

compile::LoweredInput lower_layer_input(const LayerLayout& l, std::span<const int32_t> input) {
  const compile::MatrixForm& m = l.matrix;
  if (m.kind == "conv" || m.groups == 1) return compile::lower_input(m, input);
  if (static_cast<int64_t>(input.size()) != m.positions * m.groups * m.rows)
    fail("sim: lower_layer_input", fmt::format("input has {} values, the grouped MatMul expects {}", input.size(),
                                               m.positions * m.groups * m.rows));
  compile::LoweredInput x;
  x.positions = m.positions;
  x.width = m.groups * m.rows;
  x.values.resize(static_cast<size_t>(x.positions * x.width));
  // Input [..., G, M, K] -> lowered [(outer, row), g*K + k]: the same index arithmetic as the outputs.
  for (int64_t p = 0; p < m.positions; ++p) {
    const int64_t outer = p / l.group_rows, row = p % l.group_rows;
    for (int64_t g = 0; g < m.groups; ++g) {
      const int32_t* src = &input[static_cast<size_t>(((outer * m.groups + g) * l.group_rows + row) * m.rows)];
      std::copy(src, src + m.rows, &x.values[static_cast<size_t>(p * x.width + g * m.rows)]);
    }
  }
  return x;
}

}  // namespace ohmic::sim
