// How long an estimate takes: ResNet-50 (workload file) on chip presets, against two baselines measured in the same
// run: parsing the workload file (the I/O any estimate starts with) and the 10 ms budget the project sets. The ratios
// are printed after the benchmarks and reported as counters.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "ohmic/arch/loader.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/workload/workload_file.h"

namespace {

const std::string kResnet = std::string(OHMIC_SOURCE_DIR) + "/workloads/resnet50.yaml";

void BM_ParseResnet50Workload(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ohmic::cost::read_workload_file(kResnet));
}
BENCHMARK(BM_ParseResnet50Workload)->Unit(benchmark::kMicrosecond);

void BM_EstimateResnet50(benchmark::State& state, const char* preset) {
  const auto chip = ohmic::arch::load_chip(preset);
  const auto w = *ohmic::cost::read_workload_file(kResnet).layers;
  for (auto _ : state) benchmark::DoNotOptimize(ohmic::cost::estimate_chip(w, *chip, 1));
  state.counters["layers"] = static_cast<double>(w.layers.size());
}
BENCHMARK_CAPTURE(BM_EstimateResnet50, default_reram, "default_reram")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EstimateResnet50, metis_isscc2024, "metis_isscc2024")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EstimateResnet50, hermes_jssc2022, "hermes_jssc2022")->Unit(benchmark::kMicrosecond);

// Mean wall time of `fn` over enough repetitions to take ~0.2 s.
template <class Fn>
double mean_seconds(Fn fn) {
  using clock = std::chrono::steady_clock;
  int n = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    fn();
    ++n;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < 0.2);
  return elapsed / n;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  // Ratios in the same run: estimate time vs the workload parse and vs the 10 ms budget.
  const auto chip = ohmic::arch::load_chip("default_reram");
  const auto w = *ohmic::cost::read_workload_file(kResnet).layers;
  const double parse_s = mean_seconds([] { benchmark::DoNotOptimize(ohmic::cost::read_workload_file(kResnet)); });
  const double estimate_s = mean_seconds([&] { benchmark::DoNotOptimize(ohmic::cost::estimate_chip(w, *chip, 1)); });
  std::printf("\nResNet-50 on default_reram: estimate %.1f us, workload parse %.1f us (estimate/parse = %.2f), "
              "estimate / 10 ms budget = %.4f\n",
              estimate_s * 1e6, parse_s * 1e6, estimate_s / parse_s, estimate_s / 10e-3);
  return 0;
}
