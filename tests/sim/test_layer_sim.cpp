// LayerSim against compile's exact integer reference (random layers on random chips), against the analytic moments
// of read noise, and for independence from the thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "ohmic/compile/compile.h"
#include "ohmic/compile/ideal_exec.h"
#include "ohmic/compile/weights.h"
#include "ohmic/core/parallel.h"
#include "ohmic/core/rng.h"
#include "ohmic/sim/layer_sim.h"
#include "../compile/test_support.h"

namespace ohmic::sim {
namespace {

using compile::testing::ChipParams;

struct Draw {
  RandomStream rng;
  uint64_t i = 0;
  int64_t pick(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(rng.uniform_at(i++) * static_cast<double>(hi - lo + 1));
  }
};

ChipParams random_chip(Draw& d) {
  ChipParams p;
  const arch::Route routes[] = {arch::Route::kReram, arch::Route::kPcm, arch::Route::kSramAnalog,
                                arch::Route::kSramDigital, arch::Route::kNorFlash, arch::Route::kSramCharge};
  p.route = routes[d.pick(0, 5)];
  p.rows = 8 << d.pick(0, 4);
  p.cols = 8 << d.pick(0, 4);
  p.rows_active = d.pick(1, p.rows);
  p.cols_active = d.pick(1, p.cols);
  const bool digital = p.route == arch::Route::kSramDigital;
  p.bits_per_cell = digital ? 1 : static_cast<int>(d.pick(1, 4));
  if (!digital && d.pick(0, 2) == 0) p.cell = arch::CellKind::k2t2r;
  const arch::SignedWeights schemes[] = {arch::SignedWeights::kDifferentialPair, arch::SignedWeights::kOffsetColumn,
                                         arch::SignedWeights::kTwosComplement};
  p.scheme = digital ? schemes[1 + d.pick(0, 1)] : schemes[d.pick(0, 2)];
  p.weight_bits_max = static_cast<int>(d.pick(2, 8));
  p.input_bits_max = static_cast<int>(d.pick(2, 8));
  p.encoding = d.pick(0, 3) == 0 ? arch::InputEncoding::kPulseWidth : arch::InputEncoding::kBitSerial;
  p.dac_bits = static_cast<int>(d.pick(1, 4));
  p.adc_bits = static_cast<int>(d.pick(3, 10));
  p.tiles = 4;
  p.macros_per_tile = 8;
  p.dram = true;
  return p;
}

graph::Graph random_layer(Draw& d, uint64_t seed) {
  const int kind = static_cast<int>(d.pick(0, 2));
  if (kind == 0) return compile::testing::gemm_graph(d.pick(1, 3), d.pick(1, 90), d.pick(1, 40), d.pick(0, 1) == 1, seed);
  if (kind == 1) return compile::testing::matmul_graph(d.pick(1, 2), d.pick(1, 4), d.pick(1, 50), d.pick(1, 30), seed);
  compile::testing::ConvParams c;
  c.groups = d.pick(0, 2) == 0 ? 2 : 1;
  c.in_c = c.groups * d.pick(1, 4);
  c.out_c = c.groups * d.pick(1, 3);
  c.in_h = d.pick(3, 7);
  c.in_w = d.pick(3, 7);
  c.stride_w = d.pick(1, 2);
  return compile::testing::conv_graph(c, seed);
}

std::vector<int32_t> random_inputs(Draw& d, int64_t n, const compile::Encoding& e) {
  std::vector<int32_t> v(static_cast<size_t>(n));
  const int64_t lo = compile::input_min(e), hi = compile::input_max(e);
  for (auto& x : v) {
    const int64_t r = d.pick(0, 9);
    x = static_cast<int32_t>(r == 0 ? lo : r == 1 ? hi : d.pick(lo, hi));
  }
  return v;
}

int64_t input_count(const compile::MatrixForm& m) {
  if (m.kind == "conv") return m.batch * m.conv.in_c * m.conv.in_h * m.conv.in_w;
  return m.positions * m.rows;
}

LayerSimConfig config_for(const arch::ChipSpec& chip, const compile::Plan& plan, const compile::LayerPlan& layer) {
  LayerSimConfig cfg;
  cfg.device = device::device_params_for(chip);
  cfg.rows_active = plan.chip.rows_active;
  cfg.adc_bits = plan.chip.adc_bits;
  cfg.accumulator_bits = layer.encoding.accumulator_bits_chip;
  cfg.options.chunk_positions = 7;  // several chunks even for small layers
  return cfg;
}

// IR drop (device/ir_drop.h) with every other effect off: switched off it is the exact chip; switched on, the
// outputs fall short of the exact ones by an amount proportional to the wire resistance (first order in r), and
// IR-drop-aware programming takes most of it back.
TEST(LayerSim, IrDropDeviationIsFirstOrderInWireResistanceAndSwitchesOff) {
  ChipParams cp;
  cp.bits_per_cell = 2;
  cp.weight_bits_max = 4;
  cp.input_bits_max = 4;
  const arch::ChipSpec chip = compile::testing::make_chip(cp, "irdrop");
  const graph::Graph g = compile::testing::gemm_graph(8, 64, 24, false, 91);
  const Expected<compile::Plan> plan = compile::compile(g, chip, {});
  ASSERT_TRUE(static_cast<bool>(plan));
  const compile::LayerPlan& layer = plan->layers.at(0);
  const compile::QuantizedLayer q = compile::quantize_layer(g, layer);
  Draw d{RandomStream({78, 0, 0, 0})};
  const std::vector<int32_t> x = random_inputs(d, input_count(layer.matrix), layer.encoding);
  const compile::LoweredInput lx = compile::lower_input(layer.matrix, x);
  const compile::LayerOutput ref = compile::reference_gemm(q, lx);

  auto run_with = [&](double r_wire_ohm, bool ir_drop, bool compensate = false) {
    LayerSimConfig cfg = config_for(chip, *plan, layer);
    cfg.device.programming = device::ProgrammingNoise::kNone;
    cfg.device.d2d_sigma_rel = cfg.device.read_sigma_rel = 0;
    cfg.device.pcm_drift = false;
    cfg.device.retention_loss_per_decade = 0;
    cfg.device.stuck_on_rate = cfg.device.stuck_off_rate = 0;
    cfg.device.r_wire_ohm = r_wire_ohm;
    cfg.options.read_noise = false;
    cfg.options.ir_drop = ir_drop;
    cfg.options.ir_drop_compensation = compensate;
    cfg.adc_bits = 0;
    LayerSim sim(layer, q, cfg);
    return sim.run(lx, 0);
  };
  auto rms_deviation = [&](const std::vector<double>& y) {
    double dev = 0, ref2 = 0;
    for (size_t k = 0; k < y.size(); ++k) {
      const double e = y[k] - static_cast<double>(ref.values[k]);
      dev += e * e;
      ref2 += static_cast<double>(ref.values[k]) * static_cast<double>(ref.values[k]);
    }
    return std::sqrt(dev / ref2);
  };
  const std::vector<double> off = run_with(2.0, false);
  for (size_t k = 0; k < off.size(); ++k) ASSERT_EQ(std::llround(off[k]), ref.values[k]) << k;
  const double dev1 = rms_deviation(run_with(0.5, true));
  const double dev2 = rms_deviation(run_with(1.0, true));
  EXPECT_GT(dev1, 1e-4);
  EXPECT_LT(dev2, 0.2);
  EXPECT_NEAR(dev2 / dev1, 2.0, 0.2);
  // IR-drop-aware programming (no cell needs more than g_max at this drop) removes most of the deviation.
  EXPECT_LT(rms_deviation(run_with(1.0, true, true)), 0.1 * dev2);
}

TEST(LayerSim, IdealAndNoiselessInfiniteAdcEqualTheIntegerReferenceBitForBit) {
  int checked = 0, analog_realistic = 0;
  for (int i = 0; i < 120; ++i) {
    Draw d{RandomStream({77, static_cast<uint32_t>(i), 0, 0})};
    const ChipParams cp = random_chip(d);
    const arch::ChipSpec chip = compile::testing::make_chip(cp, "rand" + std::to_string(i));
    const graph::Graph g = random_layer(d, 500 + static_cast<uint64_t>(i));
    const Expected<compile::Plan> plan = compile::compile(g, chip, {});
    if (!plan) continue;
    SCOPED_TRACE("case " + std::to_string(i));
    const compile::LayerPlan& layer = plan->layers.at(0);
    const compile::QuantizedLayer q = compile::quantize_layer(g, layer);
    const std::vector<int32_t> x = random_inputs(d, input_count(layer.matrix), layer.encoding);
    const compile::LoweredInput lx = compile::lower_input(layer.matrix, x);
    const compile::LayerOutput ref = compile::reference_gemm(q, lx);

    LayerSimConfig ideal = config_for(chip, *plan, layer);
    ideal.options.mode = SimMode::kIdeal;
    LayerSim sim(layer, q, ideal);
    const std::vector<double> y = sim.run(lx, 0);
    ASSERT_EQ(y.size(), ref.values.size());
    for (size_t k = 0; k < y.size(); ++k) ASSERT_EQ(static_cast<int64_t>(std::llround(y[k])), ref.values[k]) << k;

    // Realistic mode with every device effect off and an unlimited ADC is the same exact chip.
    LayerSimConfig quiet = config_for(chip, *plan, layer);
    quiet.device.programming = device::ProgrammingNoise::kNone;
    quiet.device.d2d_sigma_rel = 0;
    quiet.device.read_sigma_rel = 0;
    quiet.device.pcm_drift = false;
    quiet.device.retention_loss_per_decade = 0;
    quiet.device.stuck_on_rate = quiet.device.stuck_off_rate = 0;
    quiet.device.r_wire_ohm = 0;
    quiet.options.read_noise = false;
    quiet.adc_bits = 0;
    quiet.accumulator_bits = 0;
    LayerSim quiet_sim(layer, q, quiet);
    const std::vector<double> yq = quiet_sim.run(lx, 0);
    for (size_t k = 0; k < yq.size(); ++k) ASSERT_EQ(static_cast<int64_t>(std::llround(yq[k])), ref.values[k]) << k;
    if (quiet.device.analog) ++analog_realistic;
    ++checked;
  }
  EXPECT_GT(checked, 60);
  EXPECT_GT(analog_realistic, 30);
  std::printf("%d random layers exact (%d on analog routes in realistic mode)\n", checked, analog_realistic);
}

// One Gemm (k inputs, n outputs) on one ReRAM array of rows x cols: differential pair, 2-bit cells, bit-serial
// unsigned inputs of input_bits, 8-bit ADC.
struct OneArrayLayer {
  graph::Graph g;
  arch::ChipSpec chip;
  compile::Plan plan;
  OneArrayLayer(int64_t k, int64_t n, int64_t rows, int64_t cols, int input_bits, uint64_t seed)
      : g(compile::testing::gemm_graph(1, k, n, false, seed)) {
    ChipParams p;
    p.route = arch::Route::kReram;
    p.rows = p.rows_active = rows;
    p.cols = p.cols_active = cols;
    p.bits_per_cell = 2;
    p.adc_bits = 8;
    chip = compile::testing::make_chip(p);
    compile::CompileOptions o;
    o.input_bits = input_bits;
    plan = *compile::compile(g, chip, o);
  }
};

// 4 rows x 3 outputs on a 16 x 64 array, 4-bit inputs.
struct SmallLayer : OneArrayLayer {
  SmallLayer() : OneArrayLayer(4, 3, 16, 64, 4, 9) {}
};

TEST(LayerSim, ReadNoiseMatchesTheAnalyticMomentsOfOneMvm) {
  SmallLayer s;
  const compile::LayerPlan& layer = s.plan.layers.at(0);
  const compile::Encoding& e = layer.encoding;
  const compile::QuantizedLayer q = compile::quantize_layer(s.g, layer);
  LayerSimConfig cfg;
  cfg.device.analog = true;
  cfg.device.g_min_s = 0;
  cfg.device.g_max_s = 1;
  cfg.device.read_sigma_rel = 0.05;  // sigma of a read = 5% of the cell's conductance
  cfg.rows_active = s.plan.chip.rows_active;
  cfg.adc_bits = 0;
  cfg.options.chunk_positions = 64;
  LayerSim sim(layer, q, cfg);
  ASSERT_FALSE(sim.uses_adc());

  // The same input vector at every position: each position is an independent read of one MVM.
  const int64_t positions = 4000;
  const std::vector<int32_t> one = {-3, 5, 7, 1};  // signed input (Gemm input may be negative)
  compile::LoweredInput x;
  x.positions = positions;
  x.width = 4;
  for (int64_t p = 0; p < positions; ++p) x.values.insert(x.values.end(), one.begin(), one.end());
  const std::vector<double> y = sim.run(x, 0);
  const compile::LayerOutput exact = compile::reference_gemm(q, x);

  // Analytic: acc_n = sum over slices s and columns c of n: w_c 2^shift_s (sum_r x_sr d_rc + noise), noise
  // variance sum_r x_sr^2 (0.05 d_rc)^2 (digits in units where the column's largest digit is g_max).
  const compile::BlockCells cells = compile::block_cells(q, layer, layer.blocks.at(0));
  const auto planes = static_cast<int64_t>(e.planes.size());
  std::vector<int32_t> digits(static_cast<size_t>(e.input_slices));
  for (int64_t n = 0; n < 3; ++n) {
    double var = 0;
    for (int64_t pl = 0; pl < planes; ++pl) {
      const int64_t c = n * planes + pl;
      const compile::WeightPlane& wp = e.planes[static_cast<size_t>(pl)];
      for (int s2 = 0; s2 < e.input_slices; ++s2) {
        double v = 0;
        for (int64_t r = 0; r < 4; ++r) {
          compile::encode_input(one[static_cast<size_t>(r)], e, digits);
          const double xd = digits[static_cast<size_t>(s2)];
          const double sd = 0.05 * std::abs(cells.at(r, c));
          v += xd * xd * sd * sd;
        }
        const double w = std::ldexp(1.0, wp.shift + e.input_slice_shifts[static_cast<size_t>(s2)]);
        var += w * w * v;
      }
    }
    double mean = 0, m2 = 0;
    for (int64_t p = 0; p < positions; ++p) {
      const double err = y[static_cast<size_t>(p * 3 + n)] - static_cast<double>(exact.at(p, n));
      mean += err;
      m2 += err * err;
    }
    mean /= positions;
    const double sample_var = m2 / positions - mean * mean;
    ASSERT_GT(var, 0) << n;
    EXPECT_LT(std::abs(mean), 4 * std::sqrt(var / positions)) << "output " << n;
    // Relative spread of a sample variance of N normals: sqrt(2 / N) = 2.2%; allow 4 of those.
    EXPECT_NEAR(sample_var / var, 1.0, 4 * std::sqrt(2.0 / positions)) << "output " << n;
  }
}

// The int8 conductance grid (docs/simulator.md, "Integer grids") against the f32 GEMMs on the same programmed chip:
// 64 rows x 16 outputs, 2-bit cells, differential pair, bit-serial 8-bit inputs, programming and read noise, no ADC.
struct NoisyBlock : OneArrayLayer {
  NoisyBlock() : OneArrayLayer(64, 16, 64, 128, 8, 21) {}
};

struct ErrorMoments {
  double mean = 0, var = 0, n = 0;
};

ErrorMoments error_moments(const std::vector<double>& y, const compile::LayerOutput& exact) {
  ErrorMoments m;
  double s = 0, s2 = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double e = y[i] - static_cast<double>(exact.values[i]);
    s += e;
    s2 += e * e;
  }
  m.n = static_cast<double>(y.size());
  m.mean = s / m.n;
  m.var = s2 / m.n - m.mean * m.mean;
  return m;
}

// sparse: keep one weight in 64 (the rest 0): most cells sit at g_min with a tiny read-noise variance, so the
// variance grid needs its fine plane.
void expect_grid_matches_f32(const device::DeviceParams& device, bool sparse, int value_planes, int variance_planes) {
  NoisyBlock s;
  const compile::LayerPlan& layer = s.plan.layers.at(0);
  compile::QuantizedLayer q = compile::quantize_layer(s.g, layer);
  if (sparse)
    for (size_t i = 0; i < q.weights.size(); ++i)
      if (i % 64 != 0) q.weights[i] = 0;
  LayerSimConfig cfg;
  cfg.device = device;
  cfg.rows_active = s.plan.chip.rows_active;
  cfg.adc_bits = 0;
  cfg.options.chunk_positions = 64;
  compile::LoweredInput x;
  x.positions = 3000;
  x.width = 64;
  Draw d{RandomStream({8, 0, 0, 0})};
  x.values = random_inputs(d, x.positions * x.width, layer.encoding);
  const compile::LayerOutput exact = compile::reference_gemm(q, x);

  LayerSim grid(layer, q, cfg);
  cfg.int8_grid = false;
  LayerSim f32(layer, q, cfg);
  ASSERT_EQ(grid.integer_gemm_blocks(), grid.block_count()) << "the rule should accept this block";
  EXPECT_EQ(grid.max_value_planes(), value_planes);
  EXPECT_EQ(grid.max_variance_planes(), variance_planes);
  ASSERT_EQ(f32.integer_gemm_blocks(), 0);
  const std::vector<double> yg = grid.run(x, 0), yf = f32.run(x, 0);
  const ErrorMoments mg = error_moments(yg, exact), mf = error_moments(yf, exact);
  ASSERT_GT(mf.var, 0);
  // Statistically indistinguishable: the means within 4 standard errors, the variances within 4 standard errors of a
  // sample variance (bounds for independent samples; the two share chip and read noise, so they are much closer).
  const double se_mean = std::sqrt(mf.var / mf.n);
  EXPECT_LT(std::abs(mg.mean - mf.mean), 4 * se_mean);
  EXPECT_NEAR(mg.var / mf.var, 1.0, 4 * std::sqrt(2.0 / mf.n));
  // And output by output: the grid's rounding acts as extra programming noise of at most a tenth of the cells' own,
  // so the two chips differ by far less than either differs from the exact product.
  double diff2 = 0;
  for (size_t i = 0; i < yg.size(); ++i) diff2 += (yg[i] - yf[i]) * (yg[i] - yf[i]);
  const double rms_diff = std::sqrt(diff2 / mf.n), rms_error = std::sqrt(mf.var + mf.mean * mf.mean);
  EXPECT_LT(rms_diff, 0.1 * rms_error);
  std::printf("grid (%d + %d planes) vs f32: error mean %.3f / %.3f, sd %.3f / %.3f, rms difference %.4f\n",
              value_planes, variance_planes, mg.mean, mf.mean, std::sqrt(mg.var), std::sqrt(mf.var), rms_diff);
}

TEST(LayerSim, Int8GridAndF32GiveTheSameErrorMomentsOnANoisyBlock) {
  // ReRAM (Wan fit): one coarse grid plane suffices for values and variances.
  const device::DeviceParams reram = device::default_device_params(arch::Route::kReram);
  expect_grid_matches_f32(reram, false, 1, 1);
  // A low programming noise (1% of g_max) needs the values' fine plane.
  device::DeviceParams fine = reram;
  fine.programming = device::ProgrammingNoise::kRelative;
  fine.prog_sigma_rel = 0.01;
  expect_grid_matches_f32(fine, false, 2, 1);
  // Mostly-zero weights need the variances' fine plane.
  expect_grid_matches_f32(reram, true, 1, 2);
}

TEST(LayerSim, Int8GridIsRefusedWhenItsRoundingIsNotSmallAgainstTheCellNoise) {
  NoisyBlock s;
  const compile::LayerPlan& layer = s.plan.layers.at(0);
  const compile::QuantizedLayer q = compile::quantize_layer(s.g, layer);
  LayerSimConfig cfg;
  cfg.device = device::default_device_params(arch::Route::kReram);
  cfg.device.programming = device::ProgrammingNoise::kRelative;
  cfg.device.prog_sigma_rel = 1e-6;  // programming nearly exact: even the fine plane's rounding would dominate
  cfg.rows_active = s.plan.chip.rows_active;
  LayerSim sim(layer, q, cfg);
  EXPECT_EQ(sim.integer_gemm_blocks(), 0);
  // Exact cells with read noise only: the values are the digits, exactly on the grid.
  cfg.device.programming = device::ProgrammingNoise::kNone;
  cfg.device.retention_loss_per_decade = 0;
  LayerSim exact(layer, q, cfg);
  ASSERT_TRUE(exact.exact_cells());
  EXPECT_EQ(exact.integer_gemm_blocks(), exact.block_count());
}

TEST(LayerSim, SameSeedSameNumbersForOneAndTwoThreads) {
  SmallLayer s;
  const compile::LayerPlan& layer = s.plan.layers.at(0);
  const compile::QuantizedLayer q = compile::quantize_layer(s.g, layer);
  LayerSimConfig cfg;
  cfg.device = device::default_device_params(arch::Route::kPcm);
  cfg.rows_active = s.plan.chip.rows_active;
  cfg.adc_bits = 6;
  cfg.options.chunk_positions = 5;
  cfg.options.time_s = 86400;
  compile::LoweredInput x;
  x.positions = 301;
  x.width = 4;
  Draw d{RandomStream({5, 0, 0, 0})};
  for (int64_t i = 0; i < x.positions * x.width; ++i) x.values.push_back(static_cast<int32_t>(d.pick(-8, 7)));
  auto run_with = [&](int threads) {
    ThreadLimit limit(threads);
    LayerSim sim(layer, q, cfg);
    sim.begin_adc_calibration();
    (void)sim.run(x, 1000);
    sim.end_adc_calibration();
    sim.set_time(cfg.options.time_s);
    return sim.run(x, 0);
  };
  const std::vector<double> one = run_with(1), two = run_with(2);
  EXPECT_EQ(one, two);
  // And the noise is really there: a different seed gives other numbers.
  cfg.options.seed = 2;
  EXPECT_NE(run_with(2), one);
}

TEST(LayerSim, DigitalAccumulatorSaturatesAtItsWidth) {
  SmallLayer s;
  const compile::LayerPlan& layer = s.plan.layers.at(0);
  const compile::QuantizedLayer q = compile::quantize_layer(s.g, layer);
  LayerSimConfig cfg;
  cfg.device = device::default_device_params(arch::Route::kSramDigital);
  cfg.rows_active = s.plan.chip.rows_active;
  cfg.accumulator_bits = 6;  // [-32, 31]
  compile::LoweredInput x;
  x.positions = 1;
  x.width = 4;
  x.values = {7, 7, 7, 7};
  LayerSim sim(layer, q, cfg);
  const std::vector<double> y = sim.run(x, 0);
  const compile::LayerOutput exact = compile::reference_gemm(q, x);
  int clipped = 0;
  for (int64_t n = 0; n < 3; ++n) {
    const double want = std::clamp<double>(static_cast<double>(exact.at(0, n)), -32, 31);
    EXPECT_EQ(y[static_cast<size_t>(n)], want);
    clipped += want != static_cast<double>(exact.at(0, n));
  }
  EXPECT_GT(clipped, 0);
}

TEST(SimOptions, TimesAndNamesParseOrSayWhy) {
  EXPECT_EQ(parse_time_s("0"), 0.0);
  EXPECT_EQ(parse_time_s("1s"), 1.0);
  EXPECT_EQ(parse_time_s("1h"), 3600.0);
  EXPECT_EQ(parse_time_s("1d"), 86400.0);
  EXPECT_NEAR(parse_time_s("1y"), 3.15576e7, 1);
  EXPECT_THROW(parse_time_s("-1h"), Error);
  EXPECT_THROW(parse_time_s("1 week"), Error);
  EXPECT_THROW(parse_time_s("soon"), Error);
  EXPECT_EQ(adc_range_from_name("column"), AdcRangeMode::kColumn);
  EXPECT_THROW(adc_range_from_name("percentile"), Error);
  EXPECT_THROW(sim_mode_from_name("perfect"), Error);
}

}  // namespace
}  // namespace ohmic::sim
