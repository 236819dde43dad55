#include "ohmic/sim/layer_sim.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/core/rng.h"
#include "ohmic/device/ir_drop.h"
#include "ohmic/sim/gemm.h"
#include "ohmic/sim/readout.h"

namespace ohmic::sim {

namespace {
constexpr int64_t kColumnSamplesCap = 2048;    // calibration: column sums kept per physical column
constexpr int64_t kLayerSamplesCap = 1 << 21;  // calibration: column sums kept per layer (layer-wide range)
}  // namespace

namespace {
// Int8 grids (docs/simulator.md, "Integer grids"): codes in [-127, 127]; a grid is used when its rounding error
// (uniform, sigma = step / sqrt(12)) is at most kGridNoiseFraction of the noise it sits on.
constexpr double kGridCodes = 127.0;
constexpr double kFineCodes = 254.0;  // the fine plane resolves the coarse step's rounding residual to step / 254
constexpr double kGridNoiseFraction = 0.1;
const double kUniformSigmaPerStep = 1.0 / std::sqrt(12.0);

double sq(double v) { return v * v; }

int8_t grid_code(double v, double step) {
  return static_cast<int8_t>(std::clamp(std::nearbyint(v / step), -kGridCodes, kGridCodes));
}

// Grid planes a column needs so that the rounding sigma of a grid of `step` is at most `allowed`: 1 (coarse), 2
// (coarse and fine), 0 (neither: use f32).
int grid_planes(double step, double allowed) {
  const double rounding = step * kUniformSigmaPerStep;
  if (rounding <= allowed) return 1;
  return rounding / kFineCodes <= allowed ? 2 : 0;
}

// Coarse and (planes == 2) fine codes of v into codes[0] and codes[fine_offset].
void put_grid_codes(double v, double step, int planes, size_t fine_offset, int8_t* codes) {
  const int8_t q = grid_code(v, step);
  codes[0] = q;
  if (planes == 2) codes[fine_offset] = grid_code(v - q * step, step / kFineCodes);
}
}  // namespace

struct LayerSim::BlockSim {
  enum class Gemm { kInt8, kF32 };
  const compile::Block* block = nullptr;
  uint32_t index = 0;
  int64_t rows = 0, cols = 0;
  double ir_gain = 1.0;              // IR-drop-aware programming: the block reads k x its digits (sums / k)
  int64_t row_set = 0;               // blocks with the same input rows share their input digits
  std::vector<int64_t> in_col;       // per physical row: column of the lowered input
  std::vector<int64_t> out_col;      // per physical column: output column (-1: the reference column)
  std::vector<double> col_weight;    // per physical column: sign * 2^plane shift (reference column: 0)
  std::vector<int16_t> digits;       // rows x cols, row-major
  std::vector<float> digit_scale;    // per column: digits per unit of normalized conductance (the plane's max digit)
  device::ProgrammedCells programmed;  // analog cells that are not exact (row-major rows x cols)
  // GEMM right-hand side, row-major rows x nb. Int8: value codes (value_planes x cols: coarse, then fine), then
  // variance codes (var_planes x cols) when read noise is on. F32: values (cols), then variances (cols) when read noise is on.
  Gemm gemm = Gemm::kInt8;
  int value_planes = 1;
  int64_t nb = 0;
  std::vector<float> b_f32;
  std::vector<int8_t> b_s8;
  int var_planes = 1;
  // Int8: digit units (values) and digit units squared (variances) per code, per column, coarse and fine planes.
  std::vector<double> value_step, fine_step, var_step, var_fine_step;
  std::vector<device::AdcTransfer> adc;  // per column
  AdcColumns adc_columns;                // the same, as the readout kernel reads it
  std::vector<std::vector<float>> samples;  // calibration, per column
  int64_t sample_row_stride = 1, sample_col_stride = 1;
};

// Input digits of one chunk of positions for one set of block rows, all rows: [slice][position][row], built once
// per chunk and shared by the blocks that read the same rows (the column blocks of a row block); and the scratch
// buffers of a block's reads. One per thread, reused.
struct LayerSim::ChunkInputs {
  const compile::LoweredInput* x = nullptr;
  struct Rows {
    bool has_int = false, has_f32 = false;
    std::vector<int8_t> a8;      // digits (read as u8 when the digits are unsigned)
    std::vector<uint8_t> sq8;    // digits squared (variance GEMM when digits are not 0/1)
    std::vector<float> a32, sq32;
  };
  std::vector<Rows> sets;
  // Per-block scratch: GEMM outputs [slice][position][nb], one read's normals and values, the accumulator.
  std::vector<int32_t> c32;
  std::vector<float> cf, z;
  std::vector<double> row, acc;
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
    exact_cells_ = !programming && !p.pcm_drift && p.retention_loss_per_decade <= 0 && !ir_drop_on();
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
  // Integer GEMMs for noisy cells: u8 digits (or s8 when signed), and x^2 in u8 when the variance needs its own GEMM.
  const int32_t max_abs_digit = std::max(std::abs(input_code_.digit_min), std::abs(input_code_.digit_max));
  int8_inputs_ = (input_code_.digit_min >= 0 ? input_code_.digit_max <= 255
                                             : input_code_.digit_min >= -128 && input_code_.digit_max <= 127) &&
                 (!read_noise_ || inputs_binary_ || max_abs_digit <= 15) && cell_max <= 127 && cell_min >= -127;
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
  // Blocks reading the same input rows (same groups, rows and count) share a row set.
  std::vector<const compile::Block*> sets;
  for (BlockSim& b : blocks_) {
    const compile::Block& k = *b.block;
    const auto same = [&](const compile::Block* o) {
      return o->group_begin == k.group_begin && o->group_count == k.group_count && o->row_begin == k.row_begin &&
             o->row_count == k.row_count && o->rows_used == k.rows_used;
    };
    const auto it = std::find_if(sets.begin(), sets.end(), same);
    b.row_set = it - sets.begin();
    if (it == sets.end()) sets.push_back(&k);
  }
  row_sets_ = static_cast<int64_t>(sets.size());
}

int64_t LayerSim::block_count() const { return static_cast<int64_t>(blocks_.size()); }

int LayerSim::max_value_planes() const {
  int planes = 0;
  for (const BlockSim& b : blocks_)
    if (b.gemm == BlockSim::Gemm::kInt8) planes = std::max(planes, b.value_planes);
  return planes;
}

int LayerSim::max_variance_planes() const {
  int planes = 0;
  for (const BlockSim& b : blocks_)
    if (b.gemm == BlockSim::Gemm::kInt8 && read_noise_) planes = std::max(planes, b.var_planes);
  return planes;
}

int64_t LayerSim::integer_gemm_blocks() const {
  return std::count_if(blocks_.begin(), blocks_.end(), [](const BlockSim& b) { return b.gemm == BlockSim::Gemm::kInt8; });
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
    if (ir_drop_on() && config_.options.ir_drop_compensation) b.ir_gain = precompensate_ir_drop(b.rows, b.cols, target);
    b.programmed = device::program_cells(p, target, StreamKey{config_.options.seed, config_.layer_index, b.index, 0});
  }
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
  b.adc_columns.assign(b.adc);
}

double LayerSim::precompensate_ir_drop(int64_t rows, int64_t cols, std::vector<float>& target) const {
  // IR-drop-aware programming: every target's (g - g_min) is first scaled by k = the block's smallest nominal
  // attenuation (headroom: a cell at g_max cannot be raised), then raised by 1 / its own attenuation, so that every
  // cell reads as k times its digit; the periphery divides the block's sums by k (returned). The attenuation depends
  // on the raised targets, so a few fixed-point steps; a cell that would still need more than g_max stays there.
  const device::DeviceParams& p = config_.device;
  std::vector<float> attenuation(target.size());
  device::ir_drop_attenuation(device::CrossbarCircuit{rows, cols, p.r_wire_ohm, target}, attenuation,
                              device::IrDropModel::kSeriesResistance);
  const double k = std::max(1e-3, static_cast<double>(*std::min_element(attenuation.begin(), attenuation.end())));
  std::vector<double> wanted(target.size());
  for (size_t i = 0; i < target.size(); ++i) wanted[i] = (static_cast<double>(target[i]) - p.g_min_s) * k;
  constexpr int kSteps = 4;
  for (int step = 1;; ++step) {
    for (size_t i = 0; i < target.size(); ++i)
      target[i] = static_cast<float>(
          std::min(p.g_max_s, p.g_min_s + wanted[i] / std::max(1e-3, static_cast<double>(attenuation[i]))));
    if (step == kSteps) break;  // the last step's attenuation would go unused
    device::ir_drop_attenuation(device::CrossbarCircuit{rows, cols, p.r_wire_ohm, target}, attenuation,
                                device::IrDropModel::kSeriesResistance);
  }
  return k;
}

void LayerSim::refresh_block_values(BlockSim& b) {
  const size_t n = b.digits.size();
  if (int8_gemm_) {
    // Exact digits, no read noise: the cells are their digits.
    b.gemm = BlockSim::Gemm::kInt8;
    b.value_planes = 1;
    b.nb = b.cols;
    b.b_s8.resize(n);
    for (size_t i = 0; i < n; ++i) b.b_s8[i] = static_cast<int8_t>(b.digits[i]);
    b.value_step.assign(static_cast<size_t>(b.cols), 1.0);
    return;
  }
  std::vector<float> values(n), variances;
  if (exact_cells_ && !read_noise_) {
    // Digits too wide for int8: exact in f32.
    for (size_t i = 0; i < n; ++i) values[i] = b.digits[i];
    store_block_values(b, values, variances);
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
  // IR drop on the block's wires (rows_used x cols_used at the array's corner): each cell's current is scaled by its
  // attenuation G_eff / g (device/ir_drop.h, series-resistance model; linear in the inputs, so once per refresh).
  std::vector<float> attenuation;
  if (ir_drop_on()) {
    attenuation.resize(n);
    device::ir_drop_attenuation(device::CrossbarCircuit{b.rows, b.cols, p.r_wire_ohm, g_t}, attenuation,
                                device::IrDropModel::kSeriesResistance);
  }
  // Conductances at time t -> digit units: (g - g_min) D / (g_max - g_min) with the digit's sign. The nominal g_min
  // is subtracted (differential pairs and references cancel it), so noise, drift and faults of "zero" cells count.
  // With IR drop, (g - g_min) is attenuated: the g_min part of a cell's current cancels against its partner's.
  const double dg = p.g_max_s - p.g_min_s;
  if (read_noise_) variances.resize(n);
  for (int64_t r = 0; r < b.rows; ++r)
    for (int64_t c = 0; c < b.cols; ++c) {
      const size_t i = static_cast<size_t>(r * b.cols + c);
      const double scale = b.digit_scale[static_cast<size_t>(c)] / dg *
                           (attenuation.empty() ? 1.0 : static_cast<double>(attenuation[i]) / b.ir_gain);
      const double sign = b.digits[i] < 0 ? -1.0 : 1.0;
      values[i] = exact_cells_ ? static_cast<float>(b.digits[i]) : static_cast<float>(sign * (g_t[i] - p.g_min_s) * scale);
      if (read_noise_) {
        const double s = sigma[i] * scale;
        variances[i] = static_cast<float>(s * s);
      }
    }
  store_block_values(b, values, variances);
}

void LayerSim::store_block_values(BlockSim& b, const std::vector<float>& values, const std::vector<float>& variances) {
  if (config_.int8_grid && int8_inputs_ && store_on_int8_grid(b, values, variances)) return;
  b.gemm = BlockSim::Gemm::kF32;
  const bool noise = !variances.empty();
  b.nb = noise ? 2 * b.cols : b.cols;
  b.b_f32.assign(static_cast<size_t>(b.rows * b.nb), 0.0f);
  b.b_s8 = {};
  for (int64_t r = 0; r < b.rows; ++r)
    for (int64_t c = 0; c < b.cols; ++c) {
      const size_t i = static_cast<size_t>(r * b.cols + c);
      b.b_f32[static_cast<size_t>(r * b.nb + c)] = values[i];
      if (noise) b.b_f32[static_cast<size_t>(r * b.nb + b.cols + c)] = variances[i];
    }
}

// Values (digit units) and read-noise variances on per-column int8 grids, when the rounding is honest:
// - values of programmed cells: step = max|v| / 127 per column; rounding adds a fixed uniform error per cell
//   (sigma = step / sqrt(12)), which acts as extra programming noise. Used when that sigma is at most a tenth of the
//   smallest programming-noise sigma among the column's nonzero cells (the cell's total error sigma then grows by at
//   most 0.5%); else with a fine plane resolving the residual to step / 254; else not at all (f32).
//   Exact cells (read noise only) are their integer digits, exactly.
// - variances: step = max var / 127 per column; a read's variance sum_i x_i var_i then carries a rounding error of
//   sigma step / sqrt(12) sqrt(n) for n cells read, against n mean(var): used when step / sqrt(12) is at most a tenth
//   of the column's mean cell variance (the read-noise sigma of an n-cell read is then off by <= 5% / sqrt(n), rms);
//   else with a fine plane (step / 254); else not at all (f32).
bool LayerSim::store_on_int8_grid(BlockSim& b, const std::vector<float>& values, const std::vector<float>& variances) {
  const device::DeviceParams& p = config_.device;
  const auto cols = static_cast<size_t>(b.cols);
  const bool noise = !variances.empty();
  std::vector<double> step(cols, 1.0), var_step(cols, 1.0);
  int planes = 1;
  if (!exact_cells_) {
    const double dg = p.g_max_s - p.g_min_s;
    std::vector<double> sigma_of_digit;  // per |digit| of the column (the target conductance), -1: not computed yet
    for (size_t c = 0; c < cols; ++c) {
      double vmax = 0, noise_floor = std::numeric_limits<double>::infinity();
      const double d_max = b.digit_scale[c];
      sigma_of_digit.assign(static_cast<size_t>(d_max) + 1, -1.0);
      for (int64_t r = 0; r < b.rows; ++r) {
        const size_t i = static_cast<size_t>(r) * cols + c;
        vmax = std::max(vmax, static_cast<double>(std::abs(values[i])));
        if (values[i] == 0.0f) continue;  // exactly on any grid
        double& sigma = sigma_of_digit[static_cast<size_t>(std::abs(b.digits[i]))];
        if (sigma < 0) {
          const double target = p.g_min_s + std::abs(b.digits[i]) / d_max * dg;
          sigma = std::sqrt(sq(device::programming_sigma_s(p, target)) + sq(p.d2d_sigma_rel * target)) * d_max / dg;
        }
        noise_floor = std::min(noise_floor, sigma);
      }
      if (vmax == 0) continue;
      step[c] = vmax / kGridCodes;
      const int need = grid_planes(step[c], kGridNoiseFraction * noise_floor);
      if (need == 0) return false;
      planes = std::max(planes, need);
    }
  }
  int var_planes = 1;
  if (noise)
    for (size_t c = 0; c < cols; ++c) {
      double vmax = 0, sum = 0;
      for (int64_t r = 0; r < b.rows; ++r) {
        const double v = variances[static_cast<size_t>(r) * cols + c];
        vmax = std::max(vmax, v);
        sum += v;
      }
      if (vmax == 0) continue;
      var_step[c] = vmax / kGridCodes;
      const int need = grid_planes(var_step[c], kGridNoiseFraction * sum / static_cast<double>(b.rows));
      if (need == 0) return false;
      var_planes = std::max(var_planes, need);
    }
  b.gemm = BlockSim::Gemm::kInt8;
  b.value_planes = planes;
  b.var_planes = var_planes;
  b.nb = (planes + (noise ? var_planes : 0)) * b.cols;
  b.b_s8.assign(static_cast<size_t>(b.rows * b.nb), 0);
  b.b_f32 = {};
  b.value_step = step;
  b.fine_step.resize(cols);
  for (size_t c = 0; c < cols; ++c) b.fine_step[c] = step[c] / kFineCodes;
  b.var_step = var_step;
  b.var_fine_step.resize(cols);
  for (size_t c = 0; c < cols; ++c) b.var_fine_step[c] = var_step[c] / kFineCodes;
  for (int64_t r = 0; r < b.rows; ++r) {
    int8_t* row = &b.b_s8[static_cast<size_t>(r * b.nb)];
    for (size_t c = 0; c < cols; ++c) {
      const size_t i = static_cast<size_t>(r) * cols + c;
      put_grid_codes(values[i], step[c], planes, cols, row + c);
      if (noise) put_grid_codes(variances[i], var_step[c], var_planes, cols, row + static_cast<size_t>(planes) * cols + c);
    }
  }
  return true;
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
  for (BlockSim& b : blocks_) {
    b.samples = {};
    b.adc_columns.assign(b.adc);
  }
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
  // Scratch reused by every chunk a thread runs (capacity kept: no page faults or zero-filling per chunk).
  thread_local ChunkInputs in;
  in.x = &x;
  if (in.sets.size() < static_cast<size_t>(row_sets_)) in.sets.resize(static_cast<size_t>(row_sets_));
  for (ChunkInputs::Rows& r : in.sets) r.has_int = r.has_f32 = false;
  for (BlockSim& b : blocks_) run_block_chunk(b, in, p0, p1, first_position, y);
}

void LayerSim::run_block_chunk(BlockSim& b, ChunkInputs& in, int64_t p0, int64_t p1, uint64_t first_position,
                               double* y) {
  const compile::Encoding& e = layer_.encoding;
  const compile::LoweredInput& x = *in.x;
  const int slices = e.input_slices;
  const int64_t P = p1 - p0, width = layer_.matrix.groups * layer_.matrix.cols;
  const int64_t rows_active = std::max<int64_t>(1, config_.rows_active);
  const int64_t phases = (b.rows + rows_active - 1) / rows_active;
  const int64_t M = slices * P;
  const auto cols = static_cast<size_t>(b.cols);
  const bool int8 = b.gemm == BlockSim::Gemm::kInt8;
  const bool unsigned_a = input_code_.digit_min >= 0;
  const bool separate_var = read_noise_ && !inputs_binary_;

  // Input digits of every slice of every position of the chunk for all rows of the block: [slice][position][row].
  ChunkInputs::Rows& a = in.sets[static_cast<size_t>(b.row_set)];
  if (int8 ? !a.has_int : !a.has_f32) {
    const auto n = static_cast<size_t>(M * b.rows);
    if (int8) a.a8.resize(n);
    else a.a32.resize(n);
    if (separate_var) {
      if (int8) a.sq8.resize(n);
      else a.sq32.resize(n);
    }
    for (int64_t p = 0; p < P; ++p) {
      const int32_t* xp = &x.values[static_cast<size_t>((p0 + p) * x.width)];
      for (int64_t r = 0; r < b.rows; ++r) {
        const int32_t v = std::clamp(xp[b.in_col[static_cast<size_t>(r)]], input_min_, input_max_);
        const int32_t* digits = &digit_table_[static_cast<size_t>(v - input_min_) * static_cast<size_t>(slices)];
        for (int s = 0; s < slices; ++s) {
          const auto i = static_cast<size_t>((s * P + p) * b.rows + r);
          const int32_t d = digits[s];
          if (int8) {
            a.a8[i] = static_cast<int8_t>(static_cast<uint8_t>(d));
            if (separate_var) a.sq8[i] = static_cast<uint8_t>(d * d);
          } else {
            a.a32[i] = static_cast<float>(d);
            if (separate_var) a.sq32[i] = static_cast<float>(d * d);
          }
        }
      }
    }
    (int8 ? a.has_int : a.has_f32) = true;
  }

  std::vector<int32_t>& c32 = in.c32;
  std::vector<float>& cf = in.cf;
  std::vector<float>& z = in.z;
  std::vector<double>& row = in.row;
  std::vector<double>& acc = in.acc;
  z.resize(read_noise_ ? cols : 0);
  row.resize(cols);
  acc.assign(static_cast<size_t>(P) * cols, 0.0);
  const RandomStream read_stream(
      device::purpose_key(StreamKey{config_.options.seed, config_.layer_index, b.index, 0}, device::NoisePurpose::kRead));
  const int64_t value_cols = int8 ? b.value_planes * b.cols : b.cols;  // GEMM output columns before the variances
  for (int64_t ph = 0; ph < phases; ++ph) {
    const int64_t r0 = ph * rows_active, K = std::min(b.rows, r0 + rows_active) - r0;
    // Column sums (and read-noise variances) of every read: [slice][position][nb].
    if (int8) {
      c32.resize(static_cast<size_t>(M * b.nb));
      const int8_t* bm = &b.b_s8[static_cast<size_t>(r0 * b.nb)];
      const int64_t n1 = separate_var ? value_cols : b.nb;
      if (unsigned_a)
        gemm_u8(M, K, n1, reinterpret_cast<const uint8_t*>(a.a8.data()) + r0, b.rows, bm, b.nb, c32.data(), b.nb);
      else gemm_s8(M, K, n1, a.a8.data() + r0, b.rows, bm, b.nb, c32.data(), b.nb);
      if (separate_var)
        gemm_u8(M, K, b.nb - value_cols, a.sq8.data() + r0, b.rows, bm + value_cols, b.nb, c32.data() + value_cols,
                b.nb);
    } else {
      cf.resize(static_cast<size_t>(M * b.nb));
      const float* bm = &b.b_f32[static_cast<size_t>(r0 * b.nb)];
      if (separate_var) {
        gemm_f32(M, K, b.cols, a.a32.data() + r0, b.rows, bm, b.nb, cf.data(), b.nb);
        gemm_f32(M, K, b.cols, a.sq32.data() + r0, b.rows, bm + b.cols, b.nb, cf.data() + b.cols, b.nb);
      } else {
        gemm_f32(M, K, b.nb, a.a32.data() + r0, b.rows, bm, b.nb, cf.data(), b.nb);
      }
    }
    for (int s = 0; s < slices; ++s) {
      const double in_scale = std::ldexp(1.0, e.input_slice_shifts[static_cast<size_t>(s)]);
      for (int64_t p = 0; p < P; ++p) {
        const int64_t mi = s * P + p;
        const auto at = static_cast<size_t>(mi * b.nb);
        if (int8) {
          read_int_sums(&c32[at], b.value_step.data(), cols, row.data());
          if (b.value_planes == 2) add_int_sums(&c32[at + cols], b.fine_step.data(), cols, row.data());
        } else {
          read_f32_sums(&cf[at], cols, row.data());
        }
        if (read_noise_) {
          const uint64_t read = ((first_position + static_cast<uint64_t>(p0 + p)) * static_cast<uint64_t>(slices) +
                                 static_cast<uint64_t>(s)) * static_cast<uint64_t>(phases) + static_cast<uint64_t>(ph);
          read_stream.fill_normal(read * static_cast<uint64_t>(b.cols), z);
          if (int8) {
            const int32_t* var = &c32[at + static_cast<size_t>(value_cols)];
            add_noise_int(var, b.var_step.data(), b.var_planes == 2 ? var + cols : nullptr, b.var_fine_step.data(),
                          z.data(), cols, row.data());
          }
          else add_noise_f32(&cf[at + cols], z.data(), cols, row.data());
        }
        double* acc_p = &acc[static_cast<size_t>(p) * cols];
        if (calibrating_) {
          if (mi % b.sample_row_stride == 0) {
            std::lock_guard<std::mutex> lock(calibration_mutex_);
            for (int64_t c = 0; c < b.cols; c += b.sample_col_stride)
              b.samples[static_cast<size_t>(c)].push_back(static_cast<float>(row[static_cast<size_t>(c)]));
          }
          accumulate(row.data(), in_scale, cols, acc_p);
        } else if (use_adc_) {
          convert_and_accumulate(row.data(), b.adc_columns, in_scale, cols, acc_p);
        } else {
          accumulate(row.data(), in_scale, cols, acc_p);
        }
      }
    }
  }
  // Shift-and-add over the weight planes and the offset-reference subtraction, into the chunk's outputs.
  const bool has_ref = e.reference_column;
  const auto planes = static_cast<int64_t>(e.planes.size());
  const auto offset = static_cast<double>(e.weight_offset);
  for (int64_t p = 0; p < P; ++p) {
    const double* acc_p = &acc[static_cast<size_t>(p) * cols];
    double* yp = &y[(p0 + p) * width];
    for (size_t c = 0; c < cols; ++c) {
      const int64_t oc = b.out_col[c];
      if (oc >= 0) yp[oc] += b.col_weight[c] * acc_p[c];
    }
    if (has_ref) {
      const double ref = offset * acc_p[cols - 1];
      for (int64_t c = 0; c + 1 < b.cols; c += planes) yp[b.out_col[static_cast<size_t>(c)]] -= ref;
    }
  }
}

}  // namespace ohmic::sim
