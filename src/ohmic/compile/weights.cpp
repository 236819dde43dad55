#include "ohmic/compile/weights.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ohmic/compile/graph_facts.h"
#include "ohmic/core/error.h"

namespace ohmic::compile {

int32_t weight_qmax(int weight_bits) { return static_cast<int32_t>((int64_t{1} << (weight_bits - 1)) - 1); }
int32_t input_min(const Encoding& e) { return e.input_signed ? -static_cast<int32_t>(int64_t{1} << (e.input_bits - 1)) : 0; }
int32_t input_max(const Encoding& e) {
  return static_cast<int32_t>(e.input_signed ? (int64_t{1} << (e.input_bits - 1)) - 1 : (int64_t{1} << e.input_bits) - 1);
}

bool cell_holds_pair(arch::CellKind cell) { return cell == arch::CellKind::k2t2r || cell == arch::CellKind::k2t2mtj; }

WeightCellCode weight_cell_code(arch::SignedWeights scheme, int weight_bits, int bits_per_cell, bool pair_in_cell) {
  WeightCellCode c;
  const int b = weight_bits, d = bits_per_cell;
  const bool differential = scheme == arch::SignedWeights::kDifferentialPair;
  c.slices = static_cast<int>(detail::ceil_div(differential ? std::max(1, b - 1) : b, d));
  const int64_t mask = (int64_t{1} << d) - 1;
  const int64_t qmax = weight_qmax(b);
  const auto magnitude_planes = [&](int sign, int64_t largest) {
    for (int s = 0; s < c.slices; ++s)
      c.planes.push_back(WeightPlane{s * d, sign, 0, static_cast<int>(std::min(mask, largest >> (s * d)))});
  };
  switch (scheme) {
    case arch::SignedWeights::kDifferentialPair:
      magnitude_planes(+1, qmax);
      if (pair_in_cell) {
        for (WeightPlane& p : c.planes) p.digit_min = -p.digit_max;  // G+ - G- inside one cell
      } else {
        magnitude_planes(-1, qmax);
      }
      break;
    case arch::SignedWeights::kOffsetColumn:
      c.offset = int64_t{1} << (b - 1);
      c.reference_column = true;
      magnitude_planes(+1, qmax + c.offset);
      break;
    case arch::SignedWeights::kNone:
      magnitude_planes(+1, qmax);
      break;
    case arch::SignedWeights::kTwosComplement:
      for (int s = 0; s < c.slices; ++s) {
        if (s + 1 < c.slices) {
          c.planes.push_back(WeightPlane{s * d, +1, 0, static_cast<int>(mask)});
        } else {
          const int t = b - s * d;  // bits of the top digit, which is signed
          c.planes.push_back(WeightPlane{s * d, +1, -(1 << (t - 1)), (1 << (t - 1)) - 1});
        }
      }
      break;
  }
  return c;
}

InputSliceCode input_slice_code(const Encoding& e) {
  InputSliceCode c;
  if (e.input_encoding == "pulse_width") {
    c.shifts = {0};
    c.digit_min = input_min(e);
    c.digit_max = input_max(e);
    return c;
  }
  const int s_count = e.input_slices, d = e.dac_bits;
  for (int k = 0; k < s_count; ++k) c.shifts.push_back(k * d);
  const int t = e.input_bits - (s_count - 1) * d;  // bits of the top slice
  const int lower_max = s_count > 1 ? (1 << d) - 1 : 0;
  if (e.input_signed) {
    c.digit_min = -(1 << (t - 1));
    c.digit_max = std::max(lower_max, (1 << (t - 1)) - 1);
  } else {
    c.digit_min = 0;
    c.digit_max = std::max(lower_max, (1 << t) - 1);
  }
  return c;
}

void encode_weight(int32_t w, const Encoding& e, std::span<int32_t> digits) {
  const int32_t q = weight_qmax(e.weight_bits);
  if (w < -q || w > q) fail("compile", fmt::format("weight {} outside the {}-bit range", w, e.weight_bits));
  const int d = e.bits_per_cell;
  const int64_t mask = (int64_t{1} << d) - 1;
  const int slices = e.weight_slices;
  if (e.signed_scheme == "differential_pair") {
    const int64_t m = w < 0 ? -int64_t{w} : int64_t{w};
    for (int s = 0; s < slices; ++s) {
      const auto digit = static_cast<int32_t>((m >> (s * d)) & mask);
      if (e.pair_in_cell) {
        digits[static_cast<size_t>(s)] = w < 0 ? -digit : digit;
        continue;
      }
      digits[static_cast<size_t>(s)] = w > 0 ? digit : 0;
      digits[static_cast<size_t>(slices) + static_cast<size_t>(s)] = w < 0 ? digit : 0;
    }
    return;
  }
  if (e.signed_scheme == "twos_complement") {
    for (int s = 0; s < slices; ++s)
      digits[static_cast<size_t>(s)] =
          static_cast<int32_t>(s + 1 < slices ? (int64_t{w} >> (s * d)) & mask : int64_t{w} >> (s * d));
    return;
  }
  const int64_t u = int64_t{w} + e.weight_offset;  // offset_column (offset > 0) or none (offset 0)
  if (u < 0) fail("compile", fmt::format("negative weight {} on a chip that stores unsigned weights only", w));
  for (int s = 0; s < slices; ++s) digits[static_cast<size_t>(s)] = static_cast<int32_t>((u >> (s * d)) & mask);
}

void encode_input(int32_t x, const Encoding& e, std::span<int32_t> digits) {
  if (e.input_encoding == "pulse_width") {
    digits[0] = x;
    return;
  }
  const int d = e.dac_bits;
  const int32_t mask = (1 << d) - 1;
  const int n = e.input_slices;
  for (int k = 0; k + 1 < n; ++k) digits[static_cast<size_t>(k)] = (x >> (k * d)) & mask;
  digits[static_cast<size_t>(n - 1)] = x >> ((n - 1) * d);  // arithmetic shift keeps the sign in the top slice
}

QuantizedLayer quantize_matrix(const std::vector<float>& w, int64_t groups, int64_t rows, int64_t cols,
                               int weight_bits) {
  QuantizedLayer q;
  q.groups = groups;
  q.rows = rows;
  q.cols = cols;
  q.weights.assign(static_cast<size_t>(groups * rows * cols), 0);
  q.scales.assign(static_cast<size_t>(groups * cols), 1.0f);
  const int32_t qmax = weight_qmax(weight_bits);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t n = 0; n < cols; ++n) {
      float max_abs = 0;
      for (int64_t k = 0; k < rows; ++k)
        max_abs = std::max(max_abs, std::fabs(w[static_cast<size_t>((g * rows + k) * cols + n)]));
      const float scale = max_abs > 0 ? max_abs / static_cast<float>(qmax) : 1.0f;
      q.scales[static_cast<size_t>(g * cols + n)] = scale;
      for (int64_t k = 0; k < rows; ++k) {
        const size_t i = static_cast<size_t>((g * rows + k) * cols + n);
        const long r = std::lround(w[i] / scale);
        q.weights[i] = static_cast<int32_t>(std::clamp<long>(r, -qmax, qmax));
      }
    }
  return q;
}

QuantizedLayer quantize_layer(const graph::Graph& g, const LayerPlan& layer) {
  const MatrixForm& m = layer.matrix;
  const std::string where = "compile: layer '" + layer.name + "'";
  if (layer.node < 0 || static_cast<size_t>(layer.node) >= g.nodes.size())
    fail(where, "node index out of range for this graph", "compile the plan from this graph");
  const std::vector<int> producers = g.producers();
  const detail::WeightSource src = detail::resolve_weight(g, g.nodes[static_cast<size_t>(layer.node)], producers);
  if (!src.why_not.empty() || g.value(src.value).name != m.weight)
    fail(where, "weight '" + m.weight + "' not found as the node's constant", "compile the plan from this graph");
  const graph::Tensor& t = *g.value(src.value).constant;
  const int64_t n_total = m.groups * m.rows * m.cols;
  if (t.numel() != n_total)
    fail(where, fmt::format("weight has {} elements, the plan expects {}", t.numel(), n_total),
         "compile the plan from this graph");
  const std::vector<double> raw = t.to_doubles();
  // Tensor index of W[g][k][n].
  const auto index = [&](int64_t gi, int64_t k, int64_t n) {
    return m.weight_transposed ? ((gi * m.cols + n) * m.rows + k) : ((gi * m.rows + k) * m.cols + n);
  };
  const int64_t c_total = m.groups * m.cols;
  const auto model_scale = [&](int64_t gi, int64_t n) -> double {
    if (src.scales.size() == 1) return src.scales[0];
    if (static_cast<int64_t>(src.scales.size()) == c_total) return src.scales[static_cast<size_t>(gi * m.cols + n)];
    return src.scales[static_cast<size_t>(n % static_cast<int64_t>(src.scales.size()))];
  };
  const auto zero_point = [&](int64_t gi, int64_t n) -> double {
    if (src.zero_points.empty()) return 0;
    if (src.zero_points.size() == 1) return static_cast<double>(src.zero_points[0]);
    const int64_t c = static_cast<int64_t>(src.zero_points.size()) == c_total ? gi * m.cols + n : n;
    return static_cast<double>(src.zero_points[static_cast<size_t>(c % static_cast<int64_t>(src.zero_points.size()))]);
  };
  if (layer.encoding.scale_source == "model") {
    QuantizedLayer q;
    q.groups = m.groups;
    q.rows = m.rows;
    q.cols = m.cols;
    q.weights.resize(static_cast<size_t>(n_total));
    q.scales.resize(static_cast<size_t>(c_total));
    const int32_t qmax = weight_qmax(layer.encoding.weight_bits);
    for (int64_t gi = 0; gi < m.groups; ++gi)
      for (int64_t n = 0; n < m.cols; ++n) {
        q.scales[static_cast<size_t>(gi * m.cols + n)] = static_cast<float>(model_scale(gi, n));
        for (int64_t k = 0; k < m.rows; ++k) {
          // The symmetric grid has no -2^(b-1): the one code below it is clamped (a documented 1-LSB change).
          const auto v = static_cast<int64_t>(raw[static_cast<size_t>(index(gi, k, n))]);
          q.weights[static_cast<size_t>((gi * m.rows + k) * m.cols + n)] =
              static_cast<int32_t>(std::clamp<int64_t>(v, -qmax, qmax));
        }
      }
    return q;
  }
  std::vector<float> w(static_cast<size_t>(n_total));
  for (int64_t gi = 0; gi < m.groups; ++gi)
    for (int64_t k = 0; k < m.rows; ++k)
      for (int64_t n = 0; n < m.cols; ++n) {
        double v = raw[static_cast<size_t>(index(gi, k, n))];
        if (src.quantized) v = (v - zero_point(gi, n)) * model_scale(gi, n);
        w[static_cast<size_t>((gi * m.rows + k) * m.cols + n)] = static_cast<float>(v);
      }
  return quantize_matrix(w, m.groups, m.rows, m.cols, layer.encoding.weight_bits);
}

BlockCells block_cells(const QuantizedLayer& q, const LayerPlan& layer, const Block& b) {
  const Encoding& e = layer.encoding;
  const int64_t planes = static_cast<int64_t>(e.planes.size());
  BlockCells out;
  out.rows = b.rows_used;
  out.cols = b.cols_used;
  out.cells.assign(static_cast<size_t>(out.rows * out.cols), 0);
  std::vector<int32_t> zero(static_cast<size_t>(planes)), digits(static_cast<size_t>(planes));
  encode_weight(0, e, zero);
  // Every weight column first holds the code of 0 (matters for offset coding and off-diagonal cells).
  for (int64_t c = 0; c < b.group_count * b.col_count * planes; ++c)
    std::fill_n(out.cells.begin() + c * out.rows, out.rows, static_cast<int16_t>(zero[static_cast<size_t>(c % planes)]));
  for (int64_t gi = 0; gi < b.group_count; ++gi)
    for (int64_t kl = 0; kl < b.row_count; ++kl)
      for (int64_t nl = 0; nl < b.col_count; ++nl) {
        encode_weight(q.at(b.group_begin + gi, b.row_begin + kl, b.col_begin + nl), e, digits);
        const int64_t r = gi * b.row_count + kl;
        for (int64_t p = 0; p < planes; ++p) {
          const int64_t c = (gi * b.col_count + nl) * planes + p;
          out.cells[static_cast<size_t>(c * out.rows + r)] = static_cast<int16_t>(digits[static_cast<size_t>(p)]);
        }
      }
  if (e.reference_column) {
    const int64_t c = out.cols - 1;
    std::fill_n(out.cells.begin() + c * out.rows, out.rows, int16_t{1});
  }
  return out;
}

}  // namespace ohmic::compile
