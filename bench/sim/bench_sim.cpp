// Simulator throughput, each figure next to a baseline measured in the same run.
//
// 1. Reference MVM: 1024 x 1024 weights, batch 1000, 8-bit inputs bit-serial one bit per cycle, 8-bit weights in
//    2-bit cells, differential pair, 8-bit ADC per bit-plane read, read noise on (default_reram preset with 1024 x
//    1024 arrays). Reported: simulated MAC/s (logical MACs of the layer per second) for the realistic and the ideal
//    chip, and the raw int8 GEMM doing the same bit-plane work (the same u8 x s8 GEMM calls the simulator makes,
//    without readout): ratio = raw time / simulated time (target >= 0.3), printed for wall time and for the process
//    CPU time (all threads; the steadier figure on a shared machine).
// 2. Bundled models (fmnist_cnn, fmnist_resnet): images/s in realistic mode against the host float executor.
//
//   bench_sim [--threads=N] [benchmark flags]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/compile/weights.h"
#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/core/rng.h"
#include "ohmic/exec/executor.h"
#include "ohmic/graph/single_layer.h"
#include "ohmic/onnx/importer.h"
#include "ohmic/sim/chip_sim.h"
#include "ohmic/sim/gemm.h"
#include "ohmic/sim/layer_sim.h"

namespace {

using namespace ohmic;

constexpr int64_t kRows = 1024, kCols = 1024, kBatch = 1000;
std::map<std::string, double> g_seconds, g_cpu_seconds;  // mean wall / process CPU seconds per iteration

struct Timer {
  std::string name;
  double total = 0, cpu_total = 0;
  int64_t n = 0;
  std::chrono::steady_clock::time_point t0{};
  std::clock_t c0 = 0;
  void start() {
    t0 = std::chrono::steady_clock::now();
    c0 = std::clock();
  }
  void stop() {
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu_total += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    ++n;
  }
  ~Timer() {
    if (n > 0) {
      g_seconds[name] = total / static_cast<double>(n);
      g_cpu_seconds[name] = cpu_total / static_cast<double>(n);
    }
  }
};

graph::Tensor random_tensor(const graph::Dims& dims, uint64_t seed) {
  graph::Tensor t(graph::DType::Float32, dims);
  std::vector<float> u(static_cast<size_t>(t.numel()));
  RandomStream({seed, 0, 0, 0}).fill_uniform(0, u);
  for (size_t i = 0; i < u.size(); ++i) t.data<float>()[i] = 2.0f * u[i] - 1.0f;
  return t;
}

graph::Graph gemm_graph() {
  return graph::single_layer_graph("mvm", graph::OpKind::Gemm, "fc", {graph::Dim::of(kBatch), graph::Dim::of(kRows)},
                                   random_tensor({kRows, kCols}, 7));
}

struct Reference {
  graph::Graph g = gemm_graph();
  arch::ChipSpecPtr chip = arch::load_chip("default_reram", {{"macro.rows", "1024"}, {"macro.cols", "1024"}});
  compile::Plan plan;
  compile::QuantizedLayer q;
  compile::LoweredInput x;
  Reference() {
    compile::CompileOptions o;
    o.batch = kBatch;
    plan = *compile::compile(g, *chip, o);
    q = compile::quantize_layer(g, plan.layers.at(0));
    x.positions = kBatch;
    x.width = kRows;
    std::vector<float> u(static_cast<size_t>(kBatch * kRows));
    RandomStream({3, 0, 0, 0}).fill_uniform(0, u);
    const int32_t lo = compile::input_min(plan.layers[0].encoding), hi = compile::input_max(plan.layers[0].encoding);
    for (float v : u) x.values.push_back(static_cast<int32_t>(lo + v * static_cast<float>(hi - lo)));
  }
};

Reference& reference() {
  static Reference r;
  return r;
}

void report_macs(benchmark::State& state) {
  state.counters["MAC_per_s"] = benchmark::Counter(static_cast<double>(kBatch * kRows * kCols),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

// The raw int8 work of the bit-plane reads: for every chunk of 256 positions and every block, one u8 x s8 GEMM of
// [slices * positions x rows] x [rows x block columns]: the column sums the chip's reads produce (the simulator's
// realistic mode adds the read-noise variance columns, noise, ADC and shift-and-add on top). Buffers are allocated
// once per chunk, outside the timed GEMM calls' loop over blocks.
void BM_RawInt8BitPlaneGemm(benchmark::State& state) {
  Reference& r = reference();
  const compile::LayerPlan& layer = r.plan.layers[0];
  const int slices = layer.encoding.input_slices;
  constexpr int64_t chunk = 256;
  const int64_t chunks = (kBatch + chunk - 1) / chunk;
  std::vector<std::vector<int8_t>> b;
  for (const compile::Block& blk : layer.blocks)
    b.emplace_back(static_cast<size_t>(blk.rows_used * blk.cols_used), int8_t{1});
  int64_t max_rows = 0, max_cols = 0;
  for (const compile::Block& blk : layer.blocks) {
    max_rows = std::max(max_rows, blk.rows_used);
    max_cols = std::max(max_cols, blk.cols_used);
  }
  Timer t{"raw"};
  for (auto _ : state) {
    t.start();
    parallel_for(chunks, 1, [&](int64_t c0, int64_t c1) {
      for (int64_t ci = c0; ci < c1; ++ci) {
        const int64_t m = slices * std::min(chunk, kBatch - ci * chunk);
        std::vector<uint8_t> a(static_cast<size_t>(m * max_rows), 1);
        std::vector<int32_t> c(static_cast<size_t>(m * max_cols));
        for (size_t bi = 0; bi < layer.blocks.size(); ++bi) {
          const compile::Block& blk = layer.blocks[bi];
          sim::gemm_u8(m, blk.rows_used, blk.cols_used, a.data(), blk.rows_used, b[bi].data(), blk.cols_used, c.data(),
                       blk.cols_used);
          benchmark::DoNotOptimize(c.data());
        }
      }
    });
    t.stop();
  }
  report_macs(state);
}

void run_layer(benchmark::State& state, sim::SimMode mode, const std::string& name, bool ir_drop = true) {
  Reference& r = reference();
  sim::LayerSimConfig cfg;
  cfg.options.mode = mode;
  cfg.options.ir_drop = ir_drop;
  cfg.device = sim::simulated_device(*r.chip, cfg.options);
  cfg.rows_active = r.plan.chip.rows_active;
  cfg.adc_bits = r.plan.chip.adc_bits;
  cfg.accumulator_bits = r.plan.layers[0].encoding.accumulator_bits_chip;
  sim::LayerSim layer(r.plan.layers[0], r.q, cfg);
  uint64_t first = 0;
  Timer t{name};
  for (auto _ : state) {
    t.start();
    std::vector<double> y = layer.run(r.x, first);
    first += kBatch;
    t.stop();
    benchmark::DoNotOptimize(y.data());
  }
  report_macs(state);
  const std::string cells = layer.exact_cells() ? "exact digits" : "programmed cells";
  state.SetLabel(cells + ", integer GEMMs in " + std::to_string(layer.integer_gemm_blocks()) + "/" +
                 std::to_string(layer.block_count()) + " blocks, value/variance planes " +
                 std::to_string(layer.max_value_planes()) + "/" + std::to_string(layer.max_variance_planes()) +
                 (ir_drop ? "" : ", no IR drop"));
}

void BM_SimMvmRealistic(benchmark::State& state) { run_layer(state, sim::SimMode::kRealistic, "realistic"); }
void BM_SimMvmRealisticNoIrDrop(benchmark::State& state) {
  run_layer(state, sim::SimMode::kRealistic, "realistic_no_ir_drop", false);
}
void BM_SimMvmIdeal(benchmark::State& state) { run_layer(state, sim::SimMode::kIdeal, "ideal"); }

void run_model(benchmark::State& state, const std::string& model, bool on_chip) {
  const std::string path = std::string(OHMIC_SOURCE_DIR) + "/models/" + model + ".onnx";
  graph::Graph g = onnx::import_model(path);
  const graph::Tensor x = random_tensor({64, 1, 28, 28}, 5);
  if (!on_chip) {
    exec::Executor ex(std::move(g));
    ex.run({x});
    for (auto _ : state) benchmark::DoNotOptimize(ex.run({x}).data());
  } else {
    const arch::ChipSpecPtr chip = arch::load_chip("default_reram");
    compile::CompileOptions o;
    o.batch = 64;
    const compile::Plan plan = *compile::compile(g, *chip, o);
    sim::ChipSimulator s(g, *chip, plan, {});
    s.calibrate(x);
    for (auto _ : state) { graph::Tensor y = s.forward(x); benchmark::DoNotOptimize(y.raw()); }
  }
  state.counters["images_per_s"] = benchmark::Counter(64, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

// Process CPU time (all threads) next to wall time: the machine is shared, CPU time is the steadier figure.
BENCHMARK(BM_RawInt8BitPlaneGemm)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->MinTime(5.0);
BENCHMARK(BM_SimMvmRealistic)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->MinTime(5.0);
BENCHMARK(BM_SimMvmRealisticNoIrDrop)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->MinTime(5.0);
BENCHMARK(BM_SimMvmIdeal)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime()->MinTime(5.0);
BENCHMARK_CAPTURE(run_model, cnn_float, "fmnist_cnn", false)
    ->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(run_model, cnn_realistic, "fmnist_cnn", true)
    ->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(run_model, resnet_float, "fmnist_resnet", false)
    ->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK_CAPTURE(run_model, resnet_realistic, "fmnist_resnet", true)
    ->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--threads=", 0) == 0) threads = std::stoi(a.substr(10));
  }
  try {
    ThreadLimit limit(threads);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_sim: %s\n", e.what());
    return 1;
  }
  if (g_seconds.count("raw")) {
    for (const char* name : {"realistic", "realistic_no_ir_drop", "ideal"})
      if (g_seconds.count(name))
        std::printf("ratio %-20s simulated / raw int8 bit-plane GEMM throughput = %.3f wall, %.3f CPU "
                    "(raw %.0f / %.0f ms, simulated %.0f / %.0f ms wall / CPU; target >= 0.3)\n",
                    name, g_seconds["raw"] / g_seconds[name], g_cpu_seconds["raw"] / g_cpu_seconds[name],
                    1e3 * g_seconds["raw"], 1e3 * g_cpu_seconds["raw"], 1e3 * g_seconds[name],
                    1e3 * g_cpu_seconds[name]);
  }
  return 0;
}
