// Grouped MatMul (input [..., G, M, K] x constant weight [G, K, N]) on the simulated chip: each group is its own
// weight matrix. The ideal chip, and the realistic chip with every effect off and no ADC, equal the integer product
// computed directly in ONNX layout bit for bit on several chips (group packing, row blocks, row phases, signed
// schemes); the whole simulator tracks the host MatMul in float; an input of the wrong shape is an error.
#include <gtest/gtest.h>

#include <cmath>

#include "ohmic/compile/compile.h"
#include "ohmic/compile/weights.h"
#include "ohmic/core/rng.h"
#include "ohmic/exec/executor.h"
#include "ohmic/graph/single_layer.h"
#include "ohmic/sim/chip_sim.h"
#include "ohmic/sim/layer_layout.h"
#include "ohmic/sim/layer_sim.h"
#include "../compile/test_support.h"

namespace ohmic::sim {
namespace {

using compile::testing::ChipParams;

struct GroupedShape {
  int64_t outer = 2, groups = 3, m = 5, k = 20, n = 7;
  graph::Dims input() const { return {outer, groups, m, k}; }
};

graph::Tensor uniform_tensor(const graph::Dims& dims, uint64_t seed, float lo, float hi) {
  graph::Tensor t(graph::DType::Float32, dims);
  std::vector<float> u(static_cast<size_t>(t.numel()));
  RandomStream({seed, 0, 0, 0}).fill_uniform(0, u);
  float* d = t.data<float>();
  for (size_t i = 0; i < u.size(); ++i) d[i] = lo + (hi - lo) * u[i];
  return t;
}

// x [outer, G, M, K] -> MatMul with a constant [G, K, N] -> y.
graph::Graph grouped_matmul_graph(const GroupedShape& s, uint64_t seed) {
  return graph::single_layer_graph(
      "grouped_matmul", graph::OpKind::MatMul, "heads",
      {graph::Dim::of(s.outer), graph::Dim::of(s.groups), graph::Dim::of(s.m), graph::Dim::of(s.k)},
      uniform_tensor({s.groups, s.k, s.n}, seed, -1, 1));
}

std::vector<ChipParams> chips() {
  std::vector<ChipParams> v;
  ChipParams reram;  // 2-bit cells, differential pair, rows_active < K: row phases; 16 rows: two row blocks
  reram.route = arch::Route::kReram;
  reram.rows = 16;
  reram.rows_active = 6;
  reram.cols = reram.cols_active = 64;
  reram.bits_per_cell = 2;
  reram.dram = true;
  v.push_back(reram);
  ChipParams packed = reram;  // a big array: several groups packed along its diagonal
  packed.rows = packed.rows_active = packed.cols = packed.cols_active = 128;
  packed.cell = arch::CellKind::k2t2r;
  v.push_back(packed);
  ChipParams digital;  // offset column, bit-serial 2-bit DAC
  digital.route = arch::Route::kSramDigital;
  digital.scheme = arch::SignedWeights::kOffsetColumn;
  digital.rows = digital.rows_active = 32;
  digital.dac_bits = 2;
  digital.dram = true;
  v.push_back(digital);
  ChipParams pcm;  // pulse-width inputs, two's complement
  pcm.route = arch::Route::kPcm;
  pcm.scheme = arch::SignedWeights::kTwosComplement;
  pcm.encoding = arch::InputEncoding::kPulseWidth;
  pcm.bits_per_cell = 3;
  pcm.dram = true;
  v.push_back(pcm);
  return v;
}

TEST(GroupedMatMul, IdealAndQuietChipsEqualTheIntegerProductInOnnxLayout) {
  const GroupedShape s;
  const graph::Graph g = grouped_matmul_graph(s, 3);
  int case_index = 0;
  for (const ChipParams& cp : chips()) {
    SCOPED_TRACE("chip " + std::to_string(case_index++));
    const arch::ChipSpec chip = compile::testing::make_chip(cp);
    const compile::Plan plan = *compile::compile(g, chip, {});
    ASSERT_EQ(plan.layers.size(), 1u);
    const compile::LayerPlan& layer = plan.layers[0];
    ASSERT_EQ(layer.matrix.groups, s.groups);
    const compile::QuantizedLayer q = compile::quantize_layer(g, layer);

    // Integer inputs in ONNX layout, the extremes included.
    const int32_t lo = compile::input_min(layer.encoding), hi = compile::input_max(layer.encoding);
    std::vector<int32_t> x(static_cast<size_t>(s.outer * s.groups * s.m * s.k));
    RandomStream rng({11, static_cast<uint32_t>(case_index), 0, 0});
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = i % 7 == 0 ? lo : i % 7 == 1 ? hi
                                          : lo + static_cast<int32_t>(rng.uniform_at(i) * (hi - lo + 1));
    // The product computed directly: y[o, g, m, n] = sum_k x[o, g, m, k] W[g][k][n].
    std::vector<int64_t> want(static_cast<size_t>(s.outer * s.groups * s.m * s.n));
    for (int64_t o = 0; o < s.outer; ++o)
      for (int64_t gi = 0; gi < s.groups; ++gi)
        for (int64_t mi = 0; mi < s.m; ++mi)
          for (int64_t n = 0; n < s.n; ++n) {
            int64_t acc = 0;
            for (int64_t k = 0; k < s.k; ++k)
              acc += int64_t{x[static_cast<size_t>(((o * s.groups + gi) * s.m + mi) * s.k + k)]} * q.at(gi, k, n);
            want[static_cast<size_t>(((o * s.groups + gi) * s.m + mi) * s.n + n)] = acc;
          }

    const LayerLayout layout = *layer_layout(layer.matrix, s.input());
    EXPECT_EQ(layout.output_dims, (graph::Dims{s.outer, s.groups, s.m, s.n}));
    const compile::LoweredInput lx = lower_layer_input(layout, x);
    ASSERT_EQ(lx.positions, s.outer * s.m);
    auto check = [&](const LayerSimConfig& cfg) {
      LayerSim sim(layer, q, cfg);
      const std::vector<double> y = sim.run(lx, 0);
      const int64_t width = s.groups * s.n;
      ASSERT_EQ(static_cast<int64_t>(y.size()), lx.positions * width);
      for (int64_t p = 0; p < lx.positions; ++p)
        for (int64_t c = 0; c < width; ++c)
          ASSERT_EQ(static_cast<int64_t>(std::llround(y[static_cast<size_t>(p * width + c)])),
                    want[static_cast<size_t>(layout.output_offset(p, c))])
              << "position " << p << " column " << c;
    };
    LayerSimConfig ideal;
    ideal.options.mode = SimMode::kIdeal;
    ideal.options.chunk_positions = 3;
    ideal.device = device::device_params_for(chip);
    ideal.rows_active = plan.chip.rows_active;
    ideal.adc_bits = plan.chip.adc_bits;
    check(ideal);
    LayerSimConfig quiet = ideal;  // realistic, every device effect off (IR drop too), no ADC, no accumulator limit
    quiet.options.mode = SimMode::kRealistic;
    quiet.options.read_noise = false;
    quiet.options.ir_drop = false;
    quiet.device.programming = device::ProgrammingNoise::kNone;
    quiet.device.d2d_sigma_rel = quiet.device.read_sigma_rel = 0;
    quiet.device.pcm_drift = false;
    quiet.device.retention_loss_per_decade = 0;
    quiet.device.stuck_on_rate = quiet.device.stuck_off_rate = 0;
    quiet.adc_bits = 0;
    check(quiet);
  }
}

TEST(GroupedMatMul, TheSimulatedGraphTracksTheHostMatMul) {
  const GroupedShape s;
  const graph::Graph g = grouped_matmul_graph(s, 5);
  const arch::ChipSpec chip = compile::testing::make_chip(chips()[0]);
  const compile::Plan plan = *compile::compile(g, chip, {});
  SimOptions ideal;
  ideal.mode = SimMode::kIdeal;
  ChipSimulator sim(g, chip, plan, ideal);
  const graph::Tensor calib = uniform_tensor(s.input(), 21, -1, 1), x = uniform_tensor(s.input(), 22, -1, 1);
  sim.calibrate(calib);
  const graph::Tensor y = sim.forward(x);
  const graph::Tensor want = exec::Executor(g).run({x}).at(0);
  ASSERT_EQ(y.dims(), want.dims());
  double signal = 0, error = 0;
  const auto a = y.values<float>(), b = want.values<float>();
  for (size_t i = 0; i < a.size(); ++i) {
    signal += double{b[i]} * b[i];
    error += (double{a[i]} - b[i]) * (double{a[i]} - b[i]);
  }
  // 8-bit inputs and weights: a misplaced group or row would be at 0 dB, quantization alone is above 30 dB.
  EXPECT_GT(10 * std::log10(signal / error), 30.0);
  EXPECT_GT(sim.layer_reports().at(0).snr_db, 30.0);
}

TEST(GroupedMatMul, AnInputOfAnotherShapeIsAReason) {
  const GroupedShape s;
  const graph::Graph g = grouped_matmul_graph(s, 7);
  const compile::Plan plan = *compile::compile(g, compile::testing::make_chip(chips()[0]), {});
  const compile::MatrixForm& m = plan.layers.at(0).matrix;
  EXPECT_TRUE(layer_layout(m, s.input()).ok());
  EXPECT_FALSE(layer_layout(m, {s.outer, s.groups + 1, s.m, s.k}).ok());  // another group count
  EXPECT_FALSE(layer_layout(m, {s.outer * s.groups * s.m, s.k}).ok());    // no group axis
  EXPECT_FALSE(layer_layout(m, {s.outer, s.groups, s.m, s.k + 1}).ok());  // another K
}

}  // namespace
}  // namespace ohmic::sim
