#pragma once
// One CIM layer on the simulated chip, in the integer domain: lowered integer inputs in, accumulated integer-domain
// outputs out (acc, before the scales). Every block of the Plan is run as the arrays would run it:
//   input digits (bit-serial slices or pulse levels) x cell values (digits mapped to conductances, programmed once
//   per chip with noise, variation and faults, then drifted / relaxed to the simulated time) summed per column for
//   each row phase; read noise drawn at every read; the ADC (bits, range, clipping, gain and offset error);
//   shift-and-add over input slices and weight planes; the offset-reference subtraction; partial sums reduced
//   digitally across row phases and blocks; digital routes saturate at the chip's accumulator width.
// Batched bit-planes: for each block and row phase, all input slices of a chunk of positions are stacked into one
// GEMM (oneDNN u8/s8 x s8 -> s32). Cell values that are exact digits enter as they are; programmed (continuous)
// conductances and read-noise variances enter on per-column int8 grids when the grid's rounding error is at most a
// tenth of the cells' own programming noise (docs/simulator.md, "Integer grids"); otherwise the block runs f32 GEMMs.
// The readout (noise, ADC, shift-and-add) runs as SIMD kernels over whole rows of columns (readout.h).
// Randomness: programming effects come from streams keyed (seed, layer, block); read noise from (seed, layer, block)
// at counter ((position * slices + slice) * phases + phase) * columns + column, so results do not depend on how the
// positions are split over threads.
#include <cstdint>
#include <mutex>
#include <vector>

#include "ohmic/compile/ideal_exec.h"
#include "ohmic/compile/plan.h"
#include "ohmic/compile/weights.h"
#include "ohmic/device/adc.h"
#include "ohmic/device/device_params.h"
#include "ohmic/device/programming.h"
#include "ohmic/sim/options.h"

namespace ohmic::sim {

struct LayerSimConfig {
  SimOptions options;
  device::DeviceParams device;   // the route's parameters, already adjusted by the options
  uint32_t layer_index = 0;      // index into Plan::layers (keys the random streams)
  int64_t rows_active = 0;       // the chip's rows driven per read
  int adc_bits = 0;              // the chip's ADC (0: digital readout)
  int accumulator_bits = 0;      // digital routes: saturate outputs at this signed width (0: no limit)
  bool int8_grid = true;         // allow the int8 grids for noisy cells (false: f32 GEMMs; tests and ablations)
};

class LayerSim {
 public:
  LayerSim(const compile::LayerPlan& layer, compile::QuantizedLayer weights, LayerSimConfig config);
  ~LayerSim();
  LayerSim(const LayerSim&) = delete;
  LayerSim& operator=(const LayerSim&) = delete;

  // acc[position * width + column], width = groups * cols. first_position numbers the positions globally (keys the
  // read noise: every read of a run gets fresh noise).
  std::vector<double> run(const compile::LoweredInput& x, uint64_t first_position);

  // Column-sum recording for calibrated ADC ranges: between begin and end, run() converts nothing (infinite ADC) and
  // keeps a subsample of the column sums; end_adc_calibration() sets the ranges.
  void begin_adc_calibration();
  void end_adc_calibration();
  // Re-derives the cell values at `t_s` seconds after programming.
  void set_time(double t_s);

  bool exact_cells() const { return exact_cells_; }
  // IR drop applies: an analog realistic run with wire resistance and the option on.
  bool ir_drop_on() const {
    return config_.options.ir_drop && config_.device.analog && config_.device.r_wire_ohm > 0 &&
           config_.options.mode == SimMode::kRealistic;
  }
  // Blocks whose reads run as integer GEMMs (exact digits or int8 grids) and blocks in all.
  int64_t integer_gemm_blocks() const;
  int64_t block_count() const;
  // The most int8 grid planes (1: coarse, 2: coarse and fine) any integer block uses for values / for variances.
  int max_value_planes() const;
  int max_variance_planes() const;
  bool uses_adc() const { return use_adc_; }
  const compile::LayerPlan& layer() const { return layer_; }
  const compile::QuantizedLayer& weights() const { return weights_; }

 private:
  struct BlockSim;
  struct ChunkInputs;
  void prepare_block(size_t index);
  void refresh_block_values(BlockSim& b);
  // Raises the block's targets for IR-drop-aware programming; returns the block's read gain k (sums / k = digits).
  double precompensate_ir_drop(int64_t rows, int64_t cols, std::vector<float>& target) const;
  void store_block_values(BlockSim& b, const std::vector<float>& values, const std::vector<float>& variances);
  bool store_on_int8_grid(BlockSim& b, const std::vector<float>& values, const std::vector<float>& variances);
  void run_chunk(const compile::LoweredInput& x, int64_t p0, int64_t p1, uint64_t first_position, double* y);
  void run_block_chunk(BlockSim& b, ChunkInputs& in, int64_t p0, int64_t p1, uint64_t first_position, double* y);

  const compile::LayerPlan& layer_;
  compile::QuantizedLayer weights_;
  LayerSimConfig config_;
  compile::InputSliceCode input_code_;
  int32_t input_min_ = 0, input_max_ = 0;
  std::vector<int32_t> digit_table_;  // [(value - input_min) * slices + slice]
  bool inputs_binary_ = false;       // every input digit is 0 or 1 (x^2 == x)
  bool exact_cells_ = true;          // cell values are the digits exactly
  bool read_noise_ = false;
  bool use_adc_ = false;
  bool int8_gemm_ = false;          // every cell is its exact digit in int8 and there is no read noise
  bool int8_inputs_ = false;        // input digits fit the A operand of an integer GEMM (and x^2 when it is needed)
  int64_t row_sets_ = 0;            // distinct sets of input rows among the blocks (their digits are built once)
  bool exact_executor_ = false;     // digits too wide for an exact GEMM: compile::execute_layer
  double time_s_ = 0.0;
  std::vector<BlockSim> blocks_;
  bool calibrating_ = false;
  std::mutex calibration_mutex_;
};

}  // namespace ohmic::sim
