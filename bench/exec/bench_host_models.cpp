// Images per second of ONNX models on the host reference executor (float Conv/Gemm through oneDNN).
//
//   bench_host_models --model=models/fmnist_cnn.onnx [--model=...] [--batch=64] [--threads=N] [benchmark flags]
//
// Each model becomes one benchmark "<model>/batch:<B>/threads:<T>" whose counter images_per_s is the batch size
// times iterations per second. The input is a fixed pseudo-random tensor (the executor's work does not depend on
// the values). Threads: TBB (ohmic's own loops) via ohmic::ThreadLimit and oneDNN's OpenMP runtime via
// set_onednn_threads, both set to --threads. bench/exec/host_vs_torch.py compares these numbers with PyTorch in
// the same run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/exec/executor.h"
#include "ohmic/exec/kernels/onednn_common.h"
#include "ohmic/onnx/importer.h"

namespace {

struct Options {
  std::vector<std::string> models;
  int64_t batch = 64;
  int threads = 0;
};

ohmic::graph::Tensor random_input(const ohmic::graph::Graph& g, int64_t batch) {
  const auto& v = g.value(g.inputs.at(0));
  if (v.type.dtype != ohmic::graph::DType::Float32 || !v.type.shape)
    ohmic::fail("model '" + g.name + "'", "first input is not a float32 tensor of known rank");
  ohmic::graph::Dims dims;
  for (const auto& d : *v.type.shape) dims.push_back(d.known() ? d.size : batch);
  if (!dims.empty() && (*v.type.shape)[0].known()) dims[0] = (*v.type.shape)[0].size;
  ohmic::graph::Tensor t(ohmic::graph::DType::Float32, dims);
  std::mt19937 rng(20261125);
  std::normal_distribution<float> n(0.0f, 1.0f);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = n(rng);
  return t;
}

void run_model(benchmark::State& state, const std::string& path, int64_t batch) {
  ohmic::exec::Executor ex(ohmic::onnx::import_model(path));
  if (ex.graph().inputs.size() != 1) {
    state.SkipWithError("model has more than one input");
    return;
  }
  const ohmic::graph::Tensor x = random_input(ex.graph(), batch);
  ex.run({x});  // warm-up: builds and caches oneDNN primitives and reordered weights
  for (auto _ : state) {
    auto out = ex.run({x});
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["images_per_s"] = benchmark::Counter(static_cast<double>(x.dim(0)), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["batch"] = static_cast<double>(x.dim(0));
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& key) { return a.rfind(key, 0) == 0 ? a.substr(key.size()) : std::string(); };
    if (auto v = value("--model="); !v.empty()) o.models.push_back(v);
    else if (auto b = value("--batch="); !b.empty()) o.batch = std::stoll(b);
    else if (auto t = value("--threads="); !t.empty()) o.threads = std::stoi(t);
    else ohmic::fail("bench_host_models", "unknown argument '" + a + "'", "use --model=PATH, --batch=N, --threads=N");
  }
  if (o.models.empty()) {
    const std::filesystem::path dir = std::filesystem::path(OHMIC_SOURCE_DIR) / "models";
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".onnx") o.models.push_back(e.path().string());
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);  // removes the --benchmark_* flags it knows
  try {
    const Options o = parse(argc, argv);
    const int threads = o.threads > 0 ? o.threads : ohmic::hardware_threads();
    ohmic::ThreadLimit limit(threads);
    ohmic::exec::set_onednn_threads(threads);
    benchmark::AddCustomContext("onednn", ohmic::exec::onednn_version_string());
    benchmark::AddCustomContext("threads", std::to_string(threads));
    for (const std::string& m : o.models) {
      const std::string name = std::filesystem::path(m).stem().string() + "/batch:" + std::to_string(o.batch) +
                               "/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(name.c_str(), [m, b = o.batch](benchmark::State& s) { run_model(s, m, b); })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
  } catch (const ohmic::Error& e) {
    std::fprintf(stderr, "bench_host_models: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
