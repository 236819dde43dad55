// Property tests over random layer shapes x random chip descriptions: every plan verifies, round-trips through
// JSON, is deterministic, and executing it on the ideal chip (exact integers, infinite ADC) equals the unpartitioned
// integer GEMM / direct convolution bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "ohmic/compile/compile.h"
#include "ohmic/compile/ideal_exec.h"
#include "ohmic/compile/plan_json.h"
#include "ohmic/compile/verify.h"
#include "ohmic/compile/weights.h"
#include "test_support.h"

namespace ohmic::compile {
namespace {

using testing::ChipParams;
using testing::ConvParams;

struct Draw {
  RandomStream rng;
  uint64_t i = 0;
  int64_t pick(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(rng.uniform_at(i++) * static_cast<double>(hi - lo + 1));
  }
  template <class T>
  T one_of(std::initializer_list<T> v) {
    return *(v.begin() + pick(0, static_cast<int64_t>(v.size()) - 1));
  }
};

ChipParams random_chip(Draw& d) {
  ChipParams p;
  p.route = d.one_of({arch::Route::kReram, arch::Route::kPcm, arch::Route::kSramAnalog, arch::Route::kSramDigital,
                      arch::Route::kNorFlash, arch::Route::kSramCharge});
  p.rows = d.one_of<int64_t>({4, 8, 16, 32, 64, 128});
  p.cols = d.one_of<int64_t>({8, 16, 32, 64, 128});
  p.rows_active = d.pick(1, p.rows);
  p.cols_active = d.pick(1, p.cols);
  const bool digital = p.route == arch::Route::kSramDigital;
  p.bits_per_cell = digital ? 1 : static_cast<int>(d.pick(1, 4));
  if (!digital && d.pick(0, 2) == 0) p.cell = arch::CellKind::k2t2r;  // differential pair inside one cell
  p.scheme = digital ? d.one_of({arch::SignedWeights::kTwosComplement, arch::SignedWeights::kOffsetColumn})
                     : d.one_of({arch::SignedWeights::kDifferentialPair, arch::SignedWeights::kOffsetColumn,
                                 arch::SignedWeights::kTwosComplement});
  p.weight_bits_max = static_cast<int>(d.pick(2, 8));
  p.input_bits_max = static_cast<int>(d.pick(2, 8));
  p.encoding = d.pick(0, 3) == 0 ? arch::InputEncoding::kPulseWidth : arch::InputEncoding::kBitSerial;
  p.dac_bits = static_cast<int>(d.pick(1, 4));
  p.adc_bits = static_cast<int>(d.pick(3, 10));
  p.cols_per_adc = d.one_of<int64_t>({1, 2, 4, 8});
  while (p.cols % p.cols_per_adc != 0) p.cols_per_adc /= 2;
  p.tiles = d.pick(1, 4);
  p.macros_per_tile = d.pick(1, 8);
  p.dram = d.pick(0, 3) != 0;
  p.digital_unit = d.pick(0, 1) == 1;
  return p;
}

graph::Graph random_layer(Draw& d, uint64_t seed) {
  const int kind = static_cast<int>(d.pick(0, 3));
  if (kind == 0) return testing::gemm_graph(d.pick(1, 3), d.pick(1, 70), d.pick(1, 40), d.pick(0, 1) == 1, seed);
  if (kind == 1) return testing::matmul_graph(d.pick(1, 2), d.pick(1, 4), d.pick(1, 50), d.pick(1, 30), seed);
  ConvParams c;
  c.batch = d.pick(1, 2);
  c.groups = d.one_of<int64_t>({1, 1, 2, 3});
  if (d.pick(0, 4) == 0) c.groups = 0;  // depthwise
  c.in_c = c.groups == 0 ? d.pick(1, 12) : c.groups * d.pick(1, 4);
  if (c.groups == 0) c.groups = c.in_c;
  c.out_c = c.groups * d.pick(1, 3);
  c.in_h = d.pick(1, 9);
  c.in_w = d.pick(1, 9);
  c.kernel_h = d.pick(1, 3);
  c.kernel_w = d.pick(1, 3);
  c.stride_h = d.pick(1, 2);
  c.stride_w = d.pick(1, 3);
  c.dilation_h = d.pick(1, 2);
  c.dilation_w = d.pick(1, 2);
  c.pad_top = d.pick(0, 2);
  c.pad_left = d.pick(0, 2);
  c.pad_bottom = d.pick(0, 2);
  c.pad_right = d.pick(0, 2);
  // Keep the kernel inside the padded input.
  c.in_h = std::max(c.in_h, c.dilation_h * (c.kernel_h - 1) + 1 - c.pad_top - c.pad_bottom);
  c.in_w = std::max(c.in_w, c.dilation_w * (c.kernel_w - 1) + 1 - c.pad_left - c.pad_right);
  c.bias = d.pick(0, 1) == 1;
  return testing::conv_graph(c, seed);
}

std::vector<int32_t> random_inputs(Draw& d, int64_t n, const Encoding& e) {
  std::vector<int32_t> v(static_cast<size_t>(n));
  const int64_t lo = input_min(e), hi = input_max(e);
  for (auto& x : v) {
    const int64_t r = d.pick(0, 9);  // extremes often: they exercise the sign slice and the widest sums
    x = static_cast<int32_t>(r == 0 ? lo : r == 1 ? hi : d.pick(lo, hi));
  }
  return v;
}

int64_t input_count(const MatrixForm& m) {
  if (m.kind == "conv") return m.batch * m.conv.in_c * m.conv.in_h * m.conv.in_w;
  return m.positions * m.rows;
}

constexpr int kCases = 400;

TEST(CompileProperty, RandomLayersOnRandomChipsVerifyRoundTripAndExecuteExactly) {
  int compiled = 0, infeasible = 0, sequential = 0, packed = 0, shared_arrays = 0, executed = 0;
  for (int i = 0; i < kCases; ++i) {
    Draw d{RandomStream({2026, static_cast<uint32_t>(i), 0, 0})};
    const ChipParams cp = random_chip(d);
    const arch::ChipSpec chip = testing::make_chip(cp, "rand" + std::to_string(i));
    const graph::Graph g = random_layer(d, 1000 + static_cast<uint64_t>(i));
    CompileOptions opt;
    opt.weight_bits = static_cast<int>(d.pick(0, 1) ? d.pick(2, cp.weight_bits_max) : 0);
    opt.input_bits = static_cast<int>(d.pick(0, 1) ? d.pick(2, cp.input_bits_max) : 0);
    SCOPED_TRACE("case " + std::to_string(i));
    const Expected<Plan> plan = compile(g, chip, opt);
    if (!plan) {
      // The expected failures on these chips: too few arrays and no DRAM, or a weight wider than an array.
      ++infeasible;
      const bool no_room = plan.reason().find("no DRAM") != std::string::npos;
      const bool too_wide = plan.reason().find("the array has") != std::string::npos;
      EXPECT_TRUE((no_room && !cp.dram) || too_wide) << plan.reason();
      continue;
    }
    ++compiled;
    const std::vector<std::string> problems = verify_plan(*plan);
    EXPECT_TRUE(problems.empty()) << problems.front();
    EXPECT_EQ(plan_from_json(plan_to_json(*plan), "roundtrip"), *plan);
    const Expected<Plan> again = compile(g, chip, opt);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *plan);
    if (plan->schedule.mode == "sequential") ++sequential;
    if (plan->schedule.packed) ++shared_arrays;
    ASSERT_EQ(plan->layers.size(), 1u);
    const LayerPlan& layer = plan->layers[0];
    if (!layer.blocks.empty() && layer.blocks[0].group_count > 1) ++packed;

    const QuantizedLayer q = quantize_layer(g, layer);
    const std::vector<int32_t> x = random_inputs(d, input_count(layer.matrix), layer.encoding);
    const LoweredInput lx = lower_input(layer.matrix, x);
    const LayerOutput chip_y = execute_layer(layer, q, lx, cp.rows_active);
    const LayerOutput ref_y = reference_gemm(q, lx);
    ASSERT_EQ(chip_y.values, ref_y.values) << print_plan(*plan);
    if (layer.matrix.kind == "conv") {
      ASSERT_EQ(raise_output(layer.matrix, chip_y), reference_conv(layer.matrix, q, x));
    }
    ++executed;
  }
  // The generator must reach every regime, or the test proves less than it says.
  EXPECT_GT(compiled, kCases / 2);
  EXPECT_GT(infeasible, 0);
  EXPECT_GT(sequential, 0);
  EXPECT_GT(packed, 0);
  EXPECT_GT(shared_arrays, 0);
  EXPECT_EQ(executed, compiled);
  std::printf("%d cases: %d compiled and executed exactly (%d sequential, %d group-packed, %d with shared arrays), "
              "%d infeasible\n", kCases, compiled, sequential, packed, shared_arrays, infeasible);
}

}  // namespace
}  // namespace ohmic::compile
