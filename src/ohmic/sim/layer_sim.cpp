#include "ohmic/sim/layer_sim.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/core/rng.h"
#include "ohmic/sim/gemm.h"

namespace ohmic::sim {

namespace {
constexpr int64_t kColumnSamplesCap = 2048;    // calibration: column sums kept per physical column
constexpr int64_t kLayerSamplesCap = 1 << 21;  // calibration: column sums kept per layer (layer-wide range)
}  // namespace

namespace {
// AdcTransfer::convert for a row of columns, inlined: gain error, offset (LSB), clip to the codes, round.
void convert_row(const std::vector<device::AdcTransfer>& adc, std::vector<double>& row) {
  for (size_t c = 0; c < row.size(); ++c) {
    const device::AdcTransfer& a = adc[c];
    const double lsb = a.lsb();
    const double top = static_cast<double>(a.levels() - 1);
    const double code = std::clamp(std::nearbyint((row[c] * (1.0 + a.gain_error) - a.lo) / lsb + a.offset_lsb), 0.0, top);
    row[c] = a.lo + code * lsb;
  }
}
}  // namespace

struct LayerSim::BlockSim {
  const compile::Block* block = nullptr;
  uint32_t index = 0;
  int64_t rows = 0, cols = 0;
  std::vector<int64_t> in_col;       // per physical row: column of the lowered input
  std::vector<int64_t> out_col;      // per physical column: output column (-1: the reference column)
  std::vector<double> col_weight;    // per physical column: sign * 2^plane shift (reference column: 0)
  std::vector<int16_t> digits;       // rows x cols, row-major
  std::vector<float> digit_scale;    // per column: digits per unit of normalized conductance (the plane's max digit)
  device::ProgrammedCells programmed;  // analog cells that are not exact (row-major rows x cols)
  // GEMM right-hand sides, row-major: values (cols) then, when read noise is on, variances (cols) -> nb columns.
  int64_t nb = 0;
  std::vector<float> b_f32;
  std::vector<int8_t> b_s8;
  std::vector<device::AdcTransfer> adc;  // per column
  std::vector<std::vector<float>> samples;  // calibration, per column
  int64_t sample_row_stride = 1, sample_col_stride = 1;
};

LayerSim::~LayerSim() = default;

LayerSim::LayerSim(const compile::LayerPlan& layer, compile::QuantizedLayer weights, LayerSimConfig config)
    : layer_(layer), weights_(std::move(weights)), config_(std::move(config)) {
  const compile::Encoding& e = layer_.encoding;
  input_code_ = compile::input_slice_code(e);
  input_min_ = compile::input_min(e);
  input_max_ = compile::input_max(e);
  const int slices = e.input_slices;
  digit_table_.resize(static_cast<size_t>(input_max_ - input_min_ + 1) * static_cast<size_t>(slices));
  std::vector<int32_t> d(static_cast<size_t>(slices));
  inputs_binary_ = true;
  for (int32_t v = input_min_; v <= input_max_; ++v) {
    compile::encode_input(v, e, d);
    for (int s = 0; s < slices; ++s) {
      const int32_t digit = d[static_cast<size_t>(s)];
      digit_table_[static_cast<size_t>(v - input_min_) * static_cast<size_t>(slices) + static_cast<size_t>(s)] = digit;
      if (digit != 0 && digit != 1) inputs_binary_ = false;
    }
  }
  const bool ideal = config_.options.mode == SimMode::kIdeal;
  const device::DeviceParams& p = config_.device;
  const bool analog = p.analog && !ideal;
  if (analog) {
    const bool programming = p.programming != device::ProgrammingNoise::kNone || p.d2d_sigma_rel > 0 ||
                             p.stuck_on_rate > 0 || p.stuck_off_rate > 0;
    exact_cells_ = !programming && !p.pcm_drift && p.retention_loss_per_decade <= 0;
    read_noise_ = config_.options.read_noise &&
                  (p.read_sigma_rel > 0 || p.pcm_drift || p.programming == device::ProgrammingNoise::kSonos);
    use_adc_ = config_.adc_bits > 0;
  }
  int cell_min = 0, cell_max = 1;
  for (const compile::WeightPlane& pl : e.planes) {
    cell_min = std::min(cell_min, pl.digit_min);
    cell_max = std::max(cell_max, pl.digit_max);
  }
  int8_gemm_ = exact_cells_ && !read_noise_ && cell_min >= -128 && cell_max <= 127 &&
               (input_code_.digit_min >= 0 || input_code_.digit_max <= 127);
  int8_gemm_ = int8_gemm_ && input_code_.digit_min >= -128 && input_code_.digit_max <= 255;
  if (!int8_gemm_ && exact_cells_ && !read_noise_) {
    // f32 column sums are exact below 2^24; wider exact reads (16-bit pulse levels on a digital route) go through
    // compile's exact integer executor instead.
    const double bound = static_cast<double>(std::min(config_.rows_active, layer_.matrix.rows * layer_.matrix.groups)) *
                         std::max(std::abs(input_code_.digit_min), std::abs(input_code_.digit_max)) *
                         std::max(std::abs(cell_min), std::abs(cell_max));
    exact_executor_ = bound >= 16777216.0;
    if (exact_executor_ && use_adc_)
      fail("sim: layer '" + layer_.name + "'", "input or cell digits are too wide to simulate with an ADC",
           "use at most 8-bit input slices and 7 bits per cell");
  }
  blocks_.resize(layer_.blocks.size());
  parallel_for(static_cast<int64_t>(blocks_.size()), 1, [&](int64_t b0, int64_t b1) {
    for (int64_t i = b0; i < b1; ++i) prepare_block(static_cast<size_t>(i));
  });
}

void LayerSim::prepare_block(size_t index) {
  const compile::Encoding& e = layer_.encoding;
  const compile::MatrixForm& m = layer_.matrix;
  BlockSim& b = blocks_[index];
  b.block = &layer_.blocks[index];
  b.index = static_cast<uint32_t>(index);
  const compile::Block& blk = *b.block;
  b.rows = blk.rows_used;
  b.cols = blk.cols_used;
  const auto planes = static_cast<int64_t>(e.planes.size());
  b.in_col.resize(static_cast<size_t>(b.rows));
  for (int64_t r = 0; r < b.rows; ++r)
    b.in_col[static_cast<size_t>(r)] = (blk.group_begin + r / blk.row_count) * m.rows + blk.row_begin + r % blk.row_count;
  b.out_col.assign(static_cast<size_t>(b.cols), -1);
  b.col_weight.assign(static_cast<size_t>(b.cols), 0.0);
  b.digit_scale.assign(static_cast<size_t>(b.cols), 1.0f);
  for (int64_t c = 0; c < blk.group_count * blk.col_count * planes; ++c) {
    const int64_t wc = c / planes;
    const compile::WeightPlane& pl = e.planes[static_cast<size_t>(c % planes)];
    b.out_col[static_cast<size_t>(c)] = (blk.group_begin + wc / blk.col_count) * m.cols + blk.col_begin + wc % blk.col_count;
    b.col_weight[static_cast<size_t>(c)] = pl.sign * std::ldexp(1.0, pl.shift);
    b.digit_scale[static_cast<size_t>(c)] = static_cast<float>(std::max({std::abs(pl.digit_min), std::abs(pl.digit_max), 1}));
  }
  const compile::BlockCells cells = compile::block_cells(weights_, layer_, blk);
  b.digits.resize(static_cast<size_t>(b.rows * b.cols));
  for (int64_t r = 0; r < b.rows; ++r)
    for (int64_t c = 0; c < b.cols; ++c) b.digits[static_cast<size_t>(r * b.cols + c)] = cells.at(r, c);

  if (!exact_cells_) {
    // Digit d of a column whose largest digit is D -> target conductance g_min + |d| / D (g_max - g_min); the sign
    // of a signed digit (a pair inside one cell) is the pair's polarity.
    const device::DeviceParams& p = config_.device;
    std::vector<float> target(b.digits.size());
    for (int64_t r = 0; r < b.rows; ++r)
      for (int64_t c = 0; c < b.cols; ++c) {
        const size_t i = static_cast<size_t>(r * b.cols + c);
        target[i] = static_cast<float>(p.g_min_s + std::abs(b.digits[i]) / b.digit_scale[static_cast<size_t>(c)] *
                                                       (p.g_max_s - p.g_min_s));
      }
    b.programmed = device::program_cells(p, target, StreamKey{config_.options.seed, config_.layer_index, b.index, 0});
  }
  b.nb = read_noise_ && inputs_binary_ ? 2 * b.cols : b.cols;
  if (read_noise_ && !inputs_binary_) b.nb = 2 * b.cols;  // variances in the second half, multiplied by x^2 separately
  refresh_block_values(b);

  // Fixed ADC range: the lossless full scale of one read of rows_per_read rows.
  const int64_t rows_read = std::min(config_.rows_active, b.rows);
  double lo = 0, hi = 0;
  for (int64_t c = 0; c < b.cols; ++c) {
    double dmin = 0, dmax = 0;
    for (int64_t r = 0; r < b.rows; ++r) {
      dmin = std::min<double>(dmin, b.digits[static_cast<size_t>(r * b.cols + c)]);
      dmax = std::max<double>(dmax, b.digits[static_cast<size_t>(r * b.cols + c)]);
    }
    const double products[] = {dmin * input_code_.digit_min, dmin * input_code_.digit_max,
                               dmax * input_code_.digit_min, dmax * input_code_.digit_max};
    lo = std::min(lo, *std::min_element(std::begin(products), std::end(products)) * static_cast<double>(rows_read));
    hi = std::max(hi, *std::max_element(std::begin(products), std::end(products)) * static_cast<double>(rows_read));
  }
  device::AdcTransfer adc;
  adc.bits = std::max(config_.adc_bits, 1);
  adc.lo = lo;
  adc.hi = hi > lo ? hi : lo + 1;
  adc.gain_error = config_.options.adc_gain_error;
  adc.offset_lsb = config_.options.adc_offset_lsb;
  b.adc.assign(static_cast<size_t>(b.cols), adc);
}

void LayerSim::refresh_block_values(BlockSim& b) {
  const size_t n = b.digits.size();
  if (int8_gemm_) {
    b.b_s8.resize(n);
    for (size_t i = 0; i < n; ++i) b.b_s8[i] = static_cast<int8_t>(b.digits[i]);
    return;
  }
  b.b_f32.assign(static_cast<size_t>(b.rows * b.nb), 0.0f);
  if (exact_cells_ && !read_noise_) {
    for (int64_t r = 0; r < b.rows; ++r)
      for (int64_t c = 0; c < b.cols; ++c)
        b.b_f32[static_cast<size_t>(r * b.nb + c)] = b.digits[static_cast<size_t>(r * b.cols + c)];
    return;
  }
  const device::DeviceParams& p = config_.device;
  std::vector<float> g_t(n), sigma(n);
  if (exact_cells_) {
    for (size_t i = 0; i < n; ++i) {
      const int64_t c = static_cast<int64_t>(i) % b.cols;
      g_t[i] = static_cast<float>(p.g_min_s + std::abs(b.digits[i]) / b.digit_scale[static_cast<size_t>(c)] *
                                                  (p.g_max_s - p.g_min_s));
    }
    device::ProgrammedCells exact;
    exact.g_s = g_t;
    device::read_sigma(p, exact, g_t, time_s_, sigma);
  } else {
    device::conductance_at(p, b.programmed, time_s_, g_t);
    device::read_sigma(p, b.programmed, g_t, time_s_, sigma);
  }
  const double dg = p.g_max_s - p.g_min_s;
  for (int64_t r = 0; r < b.rows; ++r)
    for (int64_t c = 0; c < b.cols; ++c) {
      const size_t i = static_cast<size_t>(r * b.cols + c);
      const double scale = b.digit_scale[static_cast<size_t>(c)] / dg;
      const double sign = b.digits[i] < 0 ? -1.0 : 1.0;
      // Digit units: the nominal g_min is subtracted (differential pairs and references cancel it), so noise, drift
      // and faults of "zero" cells still count.
      b.b_f32[static_cast<size_t>(r * b.nb + c)] =
          exact_cells_ ? static_cast<float>(b.digits[i]) : static_cast<float>(sign * (g_t[i] - p.g_min_s) * scale);
      if (read_noise_) {
        const double s = sigma[i] * scale;
        b.b_f32[static_cast<size_t>(r * b.nb + b.cols + c)] = static_cast<float>(s * s);
      }
    }
}

void LayerSim::set_time(double t_s) {
  time_s_ = t_s;
  if (int8_gemm_ || (exact_cells_ && !read_noise_)) return;
  parallel_for(static_cast<int64_t>(blocks_.size()), 1, [&](int64_t b0, int64_t b1) {
    for (int64_t i = b0; i < b1; ++i) refresh_block_values(blocks_[static_cast<size_t>(i)]);
  });
}

void LayerSim::begin_adc_calibration() {
  calibrating_ = true;
  for (BlockSim& b : blocks_) b.samples.assign(static_cast<size_t>(b.cols), {});
}

void LayerSim::end_adc_calibration() {
  calibrating_ = false;
  const double pct = config_.options.adc_percentile;
  // Unipolar sums get a range from 0 (a zero sum stays zero); bipolar sums a range symmetric about 0.
  auto range_of = [&](std::span<const float> s) {
    device::AdcRange r = device::calibrate_range(s, pct);
    device::AdcRange out{0.0, 0.0};
    if (r.lo >= 0) out = {0.0, r.hi};
    else {
      const double m = std::max(std::abs(r.lo), std::abs(r.hi));
      out = {-m, m};
    }
    if (out.hi <= out.lo) out.hi = out.lo + 1;
    return out;
  };
  if (config_.options.adc_range == AdcRangeMode::kLayer) {
    std::vector<float> all;
    for (BlockSim& b : blocks_)
      for (auto& s : b.samples) all.insert(all.end(), s.begin(), s.end());
    if (!all.empty()) {
      const device::AdcRange r = range_of(all);
      for (BlockSim& b : blocks_)
        for (device::AdcTransfer& a : b.adc) a.lo = r.lo, a.hi = r.hi;
    }
  } else if (config_.options.adc_range == AdcRangeMode::kColumn) {
    for (BlockSim& b : blocks_)
      for (int64_t c = 0; c < b.cols; ++c) {
        const auto& s = b.samples[static_cast<size_t>(c)];
        if (s.empty()) continue;
        const device::AdcRange r = range_of(s);
        b.adc[static_cast<size_t>(c)].lo = r.lo;
        b.adc[static_cast<size_t>(c)].hi = r.hi;
      }
  }
  for (BlockSim& b : blocks_) b.samples = {};
}

std::vector<double> LayerSim::run(const compile::LoweredInput& x, uint64_t first_position) {
  const compile::MatrixForm& m = layer_.matrix;
  if (x.width != m.groups * m.rows)
    fail("sim: layer '" + layer_.name + "'", fmt::format("lowered input has width {}, the layer {}", x.width, m.groups * m.rows));
  const int64_t width = m.groups * m.cols;
  std::vector<double> y(static_cast<size_t>(x.positions * width), 0.0);
  if (exact_executor_) {
    const compile::LayerOutput exact = compile::execute_layer(layer_, weights_, x, config_.rows_active);
    for (size_t i = 0; i < y.size(); ++i) y[i] = static_cast<double>(exact.values[i]);
  } else if (calibrating_) {
    const int64_t reads = x.positions * layer_.encoding.input_slices;
    int64_t total_cols = 0;
    for (BlockSim& b : blocks_) total_cols += b.cols;
    for (BlockSim& b : blocks_) {
      b.sample_row_stride = std::max<int64_t>(1, reads / kColumnSamplesCap);
      const int64_t per_col = reads / b.sample_row_stride;
      b.sample_col_stride = config_.options.adc_range == AdcRangeMode::kLayer
                                ? std::max<int64_t>(1, per_col * total_cols / kLayerSamplesCap)
                                : 1;
    }
  }
  const int64_t chunk = std::max<int64_t>(1, config_.options.chunk_positions);
  const int64_t chunks = exact_executor_ ? 0 : (x.positions + chunk - 1) / chunk;
  parallel_for(chunks, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t ci = c0; ci < c1; ++ci) {
      const int64_t p0 = ci * chunk, p1 = std::min(x.positions, p0 + chunk);
      run_chunk(x, p0, p1, first_position, y.data());
    }
  });
  if (config_.accumulator_bits > 0 && config_.accumulator_bits < 63 && !config_.device.analog &&
      config_.options.mode == SimMode::kRealistic) {
    // Digital routes: the accumulator saturates (documented choice; a wrapping accumulator would be worse).
    const double top = std::ldexp(1.0, config_.accumulator_bits - 1);
    for (double& v : y) v = std::clamp(v, -top, top - 1);
  }
  return y;
}

void LayerSim::run_chunk(const compile::LoweredInput& x, int64_t p0, int64_t p1, uint64_t first_position, double* y) {
  for (BlockSim& b : blocks_) run_block_chunk(b, x, p0, p1, first_position, y);
}

void LayerSim::run_block_chunk(BlockSim& b, const compile::LoweredInput& x, int64_t p0, int64_t p1,
                               uint64_t first_position, double* y) {
  const compile::Encoding& e = layer_.encoding;
  const int slices = e.input_slices;
  const int64_t P = p1 - p0, width = layer_.matrix.groups * layer_.matrix.cols;
  const int64_t rows_active = std::max<int64_t>(1, config_.rows_active);
  const int64_t phases = (b.rows + rows_active - 1) / rows_active;
  const int64_t M = slices * P;
  const bool unsigned_a = input_code_.digit_min >= 0;
  const bool separate_var = read_noise_ && !inputs_binary_;
  std::vector<int8_t> a8;
  std::vector<float> a32, a2;
  std::vector<int32_t> c32;
  std::vector<float> cf, cvar, z;
  std::vector<double> row;  // double: exact for any int32 column sum
  const RandomStream read_stream(
      device::purpose_key(StreamKey{config_.options.seed, config_.layer_index, b.index, 0}, device::NoisePurpose::kRead));
  row.resize(static_cast<size_t>(b.cols));
  z.resize(static_cast<size_t>(b.cols));
  const bool has_ref = e.reference_column;
  for (int64_t ph = 0; ph < phases; ++ph) {
    const int64_t r0 = ph * rows_active, K = std::min(b.rows, r0 + rows_active) - r0;
    // Input digits of every slice of every position of the chunk, for the rows of this phase: [slice][position][row].
    if (int8_gemm_) a8.resize(static_cast<size_t>(M * K));
    else a32.resize(static_cast<size_t>(M * K));
    if (separate_var) a2.resize(static_cast<size_t>(M * K));
    for (int64_t p = 0; p < P; ++p) {
      const int32_t* xp = &x.values[static_cast<size_t>((p0 + p) * x.width)];
      for (int64_t r = 0; r < K; ++r) {
        const int32_t v = std::clamp(xp[b.in_col[static_cast<size_t>(r0 + r)]], input_min_, input_max_);
        const int32_t* digits = &digit_table_[static_cast<size_t>(v - input_min_) * static_cast<size_t>(slices)];
        for (int s = 0; s < slices; ++s) {
          const size_t i = static_cast<size_t>((s * P + p) * K + r);
          if (int8_gemm_) a8[i] = static_cast<int8_t>(static_cast<uint8_t>(digits[s]));
          else {
            const auto d = static_cast<float>(digits[s]);
            a32[i] = d;
            if (separate_var) a2[i] = d * d;
          }
        }
      }
    }
    // Column sums (and read-noise variances) of every read: [slice][position][column].
    if (int8_gemm_) {
      c32.resize(static_cast<size_t>(M * b.cols));
      const int8_t* bm = &b.b_s8[static_cast<size_t>(r0 * b.cols)];
      if (unsigned_a) gemm_u8(M, K, b.cols, reinterpret_cast<const uint8_t*>(a8.data()), K, bm, b.cols, c32.data(), b.cols);
      else gemm_s8(M, K, b.cols, a8.data(), K, bm, b.cols, c32.data(), b.cols);
    } else {
      const float* bm = &b.b_f32[static_cast<size_t>(r0 * b.nb)];
      if (separate_var) {
        cf.resize(static_cast<size_t>(M * b.cols));
        cvar.resize(static_cast<size_t>(M * b.cols));
        gemm_f32(M, K, b.cols, a32.data(), K, bm, b.nb, cf.data(), b.cols);
        gemm_f32(M, K, b.cols, a2.data(), K, bm + b.cols, b.nb, cvar.data(), b.cols);
      } else {
        cf.resize(static_cast<size_t>(M * b.nb));
        gemm_f32(M, K, b.nb, a32.data(), K, bm, b.nb, cf.data(), b.nb);
      }
    }
    const int64_t ldc = int8_gemm_ || separate_var ? b.cols : b.nb;
    for (int s = 0; s < slices; ++s) {
      const double in_scale = std::ldexp(1.0, e.input_slice_shifts[static_cast<size_t>(s)]);
      for (int64_t p = 0; p < P; ++p) {
        const int64_t mi = s * P + p;
        if (int8_gemm_)
          for (int64_t c = 0; c < b.cols; ++c) row[static_cast<size_t>(c)] = c32[static_cast<size_t>(mi * b.cols + c)];
        else
          std::copy_n(&cf[static_cast<size_t>(mi * ldc)], b.cols, row.begin());
        if (read_noise_) {
          const float* var = separate_var ? &cvar[static_cast<size_t>(mi * b.cols)] : &cf[static_cast<size_t>(mi * ldc + b.cols)];
          const uint64_t read = ((first_position + static_cast<uint64_t>(p0 + p)) * static_cast<uint64_t>(slices) +
                                 static_cast<uint64_t>(s)) * static_cast<uint64_t>(phases) + static_cast<uint64_t>(ph);
          read_stream.fill_normal(read * static_cast<uint64_t>(b.cols), z);
          for (int64_t c = 0; c < b.cols; ++c)
            row[static_cast<size_t>(c)] += std::sqrt(std::max(var[c], 0.0f)) * z[static_cast<size_t>(c)];
        }
        if (calibrating_) {
          if (mi % b.sample_row_stride == 0) {
            std::lock_guard<std::mutex> lock(calibration_mutex_);
            for (int64_t c = 0; c < b.cols; c += b.sample_col_stride)
              b.samples[static_cast<size_t>(c)].push_back(static_cast<float>(row[static_cast<size_t>(c)]));
          }
        } else if (use_adc_) {
          convert_row(b.adc, row);
        }
        double* yp = &y[(p0 + p) * width];
        for (int64_t c = 0; c < b.cols; ++c) {
          const int64_t oc = b.out_col[static_cast<size_t>(c)];
          if (oc >= 0) yp[oc] += b.col_weight[static_cast<size_t>(c)] * in_scale * row[static_cast<size_t>(c)];
        }
        if (has_ref) {
          const double ref = static_cast<double>(layer_.encoding.weight_offset) * in_scale * row[static_cast<size_t>(b.cols - 1)];
          const auto planes = static_cast<int64_t>(e.planes.size());
          for (int64_t c = 0; c + 1 < b.cols; c += planes) yp[b.out_col[static_cast<size_t>(c)]] -= ref;
        }
      }
    }
  }
}

}  // namespace ohmic::sim
