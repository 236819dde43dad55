#include "ohmic/compile/ideal_exec.h"

#include <fmt/format.h>

#include <algorithm>

#include "ohmic/core/error.h"

namespace ohmic::compile {

LoweredInput lower_input(const MatrixForm& m, std::span<const int32_t> input) {
  LoweredInput x;
  x.positions = m.positions;
  x.width = m.groups * m.rows;
  x.values.assign(static_cast<size_t>(x.positions * x.width), 0);
  if (m.kind == "conv") {
    const ConvGeometry& c = m.conv;
    if (static_cast<int64_t>(input.size()) != m.batch * c.in_c * c.in_h * c.in_w)
      fail("compile: lower_input", fmt::format("input has {} values, the conv expects {}", input.size(),
                                               m.batch * c.in_c * c.in_h * c.in_w));
    const int64_t cin_g = c.in_c / m.groups;
    for (int64_t b = 0; b < m.batch; ++b)
      for (int64_t oh = 0; oh < c.out_h; ++oh)
        for (int64_t ow = 0; ow < c.out_w; ++ow) {
          int32_t* row = &x.values[static_cast<size_t>(((b * c.out_h + oh) * c.out_w + ow) * x.width)];
          for (int64_t ch = 0; ch < c.in_c; ++ch) {
            const int64_t g = ch / cin_g, cl = ch % cin_g;
            for (int64_t i = 0; i < c.kernel_h; ++i) {
              const int64_t ih = oh * c.stride_h - c.pad_top + i * c.dilation_h;
              if (ih < 0 || ih >= c.in_h) continue;
              for (int64_t j = 0; j < c.kernel_w; ++j) {
                const int64_t iw = ow * c.stride_w - c.pad_left + j * c.dilation_w;
                if (iw < 0 || iw >= c.in_w) continue;
                row[g * m.rows + (cl * c.kernel_h + i) * c.kernel_w + j] =
                    input[static_cast<size_t>(((b * c.in_c + ch) * c.in_h + ih) * c.in_w + iw)];
              }
            }
          }
        }
    return x;
  }
  if (static_cast<int64_t>(input.size()) != x.positions * x.width)
    fail("compile: lower_input", fmt::format("input has {} values, the matmul expects {}", input.size(),
                                             x.positions * x.width));
  if (m.groups != 1)
    fail("compile: lower_input", "a MatMul with a 3-D constant weight (grouped) is not lowered here yet",
         "lower its [..., G, M, K] input by hand: position (outer, m), column g*K + k");
  std::copy(input.begin(), input.end(), x.values.begin());
  return x;
}

std::vector<int64_t> raise_output(const MatrixForm& m, const LayerOutput& y) {
  if (m.kind != "conv") return y.values;
  const ConvGeometry& c = m.conv;
  const int64_t cout = m.groups * m.cols, hw = c.out_h * c.out_w;
  std::vector<int64_t> out(static_cast<size_t>(m.batch * cout * hw));
  for (int64_t b = 0; b < m.batch; ++b)
    for (int64_t s = 0; s < hw; ++s)
      for (int64_t o = 0; o < cout; ++o)
        out[static_cast<size_t>((b * cout + o) * hw + s)] = y.at(b * hw + s, o);
  return out;
}

LayerOutput execute_layer(const LayerPlan& layer, const QuantizedLayer& w, const LoweredInput& x, int64_t rows_active,
                          const ColumnReadout& readout) {
  const Encoding& e = layer.encoding;
  const MatrixForm& m = layer.matrix;
  if (x.width != m.groups * m.rows || w.groups != m.groups || w.rows != m.rows || w.cols != m.cols)
    fail("compile: execute_layer '" + layer.name + "'", "input or weights do not match the layer's matrix");
  LayerOutput y;
  y.positions = x.positions;
  y.width = m.groups * m.cols;
  y.values.assign(static_cast<size_t>(y.positions * y.width), 0);
  const int slices = e.input_slices;
  const auto planes = static_cast<int64_t>(e.planes.size());
  std::vector<int32_t> digits(static_cast<size_t>(slices));
  for (size_t bi = 0; bi < layer.blocks.size(); ++bi) {
    const Block& b = layer.blocks[bi];
    const BlockCells cells = block_cells(w, layer, b);
    // Input column of each physical row, and the output column of each physical weight column.
    std::vector<int64_t> in_col(static_cast<size_t>(b.rows_used)), out_col(static_cast<size_t>(b.cols_used), -1);
    for (int64_t r = 0; r < b.rows_used; ++r)
      in_col[static_cast<size_t>(r)] = (b.group_begin + r / b.row_count) * m.rows + b.row_begin + r % b.row_count;
    for (int64_t c = 0; c < b.group_count * b.col_count * planes; ++c) {
      const int64_t wc = c / planes;
      out_col[static_cast<size_t>(c)] = (b.group_begin + wc / b.col_count) * m.cols + b.col_begin + wc % b.col_count;
    }
    std::vector<int32_t> slice_rows(static_cast<size_t>(slices * b.rows_used));  // [slice][row]
    std::vector<int64_t> sums(static_cast<size_t>(b.cols_used));
    for (int64_t p = 0; p < x.positions; ++p) {
      const int32_t* xp = &x.values[static_cast<size_t>(p * x.width)];
      for (int64_t r = 0; r < b.rows_used; ++r) {
        encode_input(xp[in_col[static_cast<size_t>(r)]], e, digits);
        for (int s = 0; s < slices; ++s) slice_rows[static_cast<size_t>(s * b.rows_used + r)] = digits[static_cast<size_t>(s)];
      }
      int64_t* yp = &y.values[static_cast<size_t>(p * y.width)];
      for (int s = 0; s < slices; ++s) {
        const int32_t* xs = &slice_rows[static_cast<size_t>(s * b.rows_used)];
        const int in_shift = e.input_slice_shifts[static_cast<size_t>(s)];
        for (int64_t ph = 0; ph < b.row_phases; ++ph) {
          const int64_t r0 = ph * rows_active, r1 = std::min(b.rows_used, r0 + rows_active);
          for (int64_t c = 0; c < b.cols_used; ++c) {
            const int16_t* col = &cells.cells[static_cast<size_t>(c * b.rows_used)];
            int64_t acc = 0;
            for (int64_t r = r0; r < r1; ++r) acc += int64_t{xs[r]} * col[r];
            sums[static_cast<size_t>(c)] = acc;
          }
          if (readout) readout(sums, ColumnRead{static_cast<int64_t>(bi), p, s, ph, r1 - r0});
          for (int64_t c = 0; c < b.group_count * b.col_count * planes; ++c) {
            const WeightPlane& pl = e.planes[static_cast<size_t>(c % planes)];
            yp[out_col[static_cast<size_t>(c)]] += pl.sign * (sums[static_cast<size_t>(c)] << (in_shift + pl.shift));
          }
          if (e.reference_column) {
            // Each output subtracts offset x (sum of the inputs on its own group's rows); with one group per block
            // that is the reference column; in a group-packed block the off-diagonal cells hold the offset code
            // too, so the whole column sum is the right term for every group.
            const int64_t ref = sums[static_cast<size_t>(b.cols_used - 1)] << in_shift;
            for (int64_t wc = 0; wc < b.group_count * b.col_count; ++wc)
              yp[out_col[static_cast<size_t>(wc * planes)]] -= e.weight_offset * ref;
          }
        }
      }
    }
  }
  return y;
}

LayerOutput reference_gemm(const QuantizedLayer& w, const LoweredInput& x) {
  LayerOutput y;
  y.positions = x.positions;
  y.width = w.groups * w.cols;
  y.values.assign(static_cast<size_t>(y.positions * y.width), 0);
  for (int64_t p = 0; p < x.positions; ++p)
    for (int64_t g = 0; g < w.groups; ++g)
      for (int64_t k = 0; k < w.rows; ++k) {
        const int64_t xv = x.values[static_cast<size_t>(p * x.width + g * w.rows + k)];
        if (xv == 0) continue;
        for (int64_t n = 0; n < w.cols; ++n) y.values[static_cast<size_t>(p * y.width + g * w.cols + n)] += xv * w.at(g, k, n);
      }
  return y;
}

std::vector<int64_t> reference_conv(const MatrixForm& m, const QuantizedLayer& w, std::span<const int32_t> input) {
  const ConvGeometry& c = m.conv;
  const int64_t cout = m.groups * m.cols, cin_g = c.in_c / m.groups;
  std::vector<int64_t> out(static_cast<size_t>(m.batch * cout * c.out_h * c.out_w), 0);
  for (int64_t b = 0; b < m.batch; ++b)
    for (int64_t o = 0; o < cout; ++o) {
      const int64_t g = o / m.cols, n = o % m.cols;
      for (int64_t oh = 0; oh < c.out_h; ++oh)
        for (int64_t ow = 0; ow < c.out_w; ++ow) {
          int64_t acc = 0;
          for (int64_t cl = 0; cl < cin_g; ++cl)
            for (int64_t i = 0; i < c.kernel_h; ++i)
              for (int64_t j = 0; j < c.kernel_w; ++j) {
                const int64_t ih = oh * c.stride_h - c.pad_top + i * c.dilation_h;
                const int64_t iw = ow * c.stride_w - c.pad_left + j * c.dilation_w;
                if (ih < 0 || ih >= c.in_h || iw < 0 || iw >= c.in_w) continue;
                acc += int64_t{input[static_cast<size_t>(((b * c.in_c + g * cin_g + cl) * c.in_h + ih) * c.in_w + iw)]} *
                       w.at(g, (cl * c.kernel_h + i) * c.kernel_w + j, n);
              }
          out[static_cast<size_t>(((b * cout + o) * c.out_h + oh) * c.out_w + ow)] = acc;
        }
    }
  return out;
}

}  // namespace ohmic::compile
