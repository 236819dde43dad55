// How long `compile` takes on the zoo models, next to a baseline measured in the same run: importing the same ONNX
// file (protobuf parse, checker, shape inference, graph build). Counter `x_import` = compile time / import time.
//
//   bench_compile [benchmark flags]        (models from models/zoo/, made by models/make_zoo.py)
//
// Each benchmark is "<what>/<model>/<chip>"; chips are presets of three kinds: many small ReRAM arrays
// (default_reram: sequential rounds for ResNet-50), a digital SRAM chip with DRAM (dmatrix_corsair) and a
// large-array flash chip (mythic_m1076).
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/onnx/importer.h"

namespace {

namespace fs = std::filesystem;

fs::path zoo_model(const std::string& name) { return fs::path(OHMIC_SOURCE_DIR) / "models" / "zoo" / (name + ".onnx"); }

const ohmic::graph::Graph& graph_of(const std::string& name) {
  static std::map<std::string, ohmic::graph::Graph> cache;
  auto it = cache.find(name);
  if (it == cache.end()) it = cache.emplace(name, ohmic::onnx::import_model(zoo_model(name).string())).first;
  return it->second;
}

// Seconds of one import, the best of three (the baseline).
double import_seconds(const std::string& name) {
  static std::map<std::string, double> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const ohmic::graph::Graph g = ohmic::onnx::import_model(zoo_model(name).string());
    benchmark::DoNotOptimize(g.nodes.size());
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return cache[name] = best;
}

void BM_Import(benchmark::State& state, const std::string& model) {
  if (!fs::exists(zoo_model(model))) {
    state.SkipWithError("models/zoo missing: run /usr/bin/python3 models/make_zoo.py");
    return;
  }
  for (auto _ : state) {
    const ohmic::graph::Graph g = ohmic::onnx::import_model(zoo_model(model).string());
    benchmark::DoNotOptimize(g.nodes.size());
  }
}

void BM_Compile(benchmark::State& state, const std::string& model, const std::string& chip_id) {
  if (!fs::exists(zoo_model(model))) {
    state.SkipWithError("models/zoo missing: run /usr/bin/python3 models/make_zoo.py");
    return;
  }
  const ohmic::graph::Graph& g = graph_of(model);
  const ohmic::arch::ChipSpecPtr chip = ohmic::arch::load_chip(chip_id);
  const double baseline = import_seconds(model);
  size_t blocks = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const ohmic::Expected<ohmic::compile::Plan> plan = ohmic::compile::compile(g, *chip);
    if (!plan) {
      state.SkipWithError(plan.reason().c_str());
      return;
    }
    blocks = 0;
    for (const auto& l : plan->layers) blocks += l.blocks.size() * static_cast<size_t>(l.replication);
    benchmark::DoNotOptimize(blocks);
  }
  const double per_compile = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() /
                             static_cast<double>(state.iterations());
  state.counters["placed_blocks"] = static_cast<double>(blocks);
  state.counters["compile_ms"] = 1e3 * per_compile;
  state.counters["import_ms"] = 1e3 * baseline;
  state.counters["x_import"] = per_compile / baseline;  // wall-clock compile time as a fraction of one import
}

}  // namespace

BENCHMARK_CAPTURE(BM_Import, resnet50, std::string("resnet50"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compile, resnet50_default_reram, std::string("resnet50"), std::string("default_reram"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compile, resnet50_dmatrix_corsair, std::string("resnet50"), std::string("dmatrix_corsair"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compile, resnet50_mythic_m1076, std::string("resnet50"), std::string("mythic_m1076"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compile, resnet18_default_reram, std::string("resnet18"), std::string("default_reram"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Compile, mobilenet_v2_default_reram, std::string("mobilenet_v2"), std::string("default_reram"))
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
