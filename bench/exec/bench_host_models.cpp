// Images per second of ONNX models on the host reference executor (float Conv/Gemm through oneDNN).
//
//   bench_host_models --model=models/fmnist_cnn.onnx [--model=...] [--batch=64] [--threads=N] [benchmark flags]
//   bench_host_models --model=... --profile=RUNS     (time per op kind instead of benchmarking)
//
// Each model becomes one benchmark "<model>/batch:<B>/threads:<T>" whose counter images_per_s is the batch size
// times iterations per second. The input is a fixed pseudo-random tensor (the executor's work does not depend on
// the values). Threads: --threads limits TBB through ohmic::ThreadLimit; oneDNN is called with one OpenMP thread per
// task inside ohmic's TBB chunks (see exec/kernels/onednn_common.h), so that one limit governs everything. bench/exec/host_vs_torch.py compares these numbers with PyTorch in
// the same run.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <map>
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
  int profile_runs = 0;  // > 0: print time per op kind over this many runs instead of benchmarking
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

// Time per op kind (wall clock between node completions) summed over `runs` executions, printed to stdout.
void profile_model(const std::string& path, int64_t batch, int runs) {
  std::map<std::string, double> seconds;
  auto last = std::chrono::steady_clock::now();
  ohmic::graph::Graph g = ohmic::onnx::import_model(path);
  std::vector<std::string> op_of_node;
  for (const auto& n : g.nodes) op_of_node.emplace_back(ohmic::graph::op_name(n.op));
  ohmic::exec::ExecOptions opts;
  bool record = false;
  opts.after_node = [&](size_t i, const std::vector<ohmic::graph::Tensor>&) {
    auto now = std::chrono::steady_clock::now();
    if (record) seconds[op_of_node[i]] += std::chrono::duration<double>(now - last).count();
    last = now;
  };
  ohmic::exec::Executor ex(std::move(g), opts);
  const ohmic::graph::Tensor x = random_input(ex.graph(), batch);
  ex.run({x});
  record = true;
  double total = 0;
  for (int r = 0; r < runs; ++r) {
    last = std::chrono::steady_clock::now();
    ex.run({x});
  }
  for (const auto& [op, s] : seconds) total += s;
  std::printf("%s, batch %lld, %d runs: %.2f ms per run\n", path.c_str(), static_cast<long long>(x.dim(0)), runs,
              1e3 * total / runs);
  for (const auto& [op, s] : seconds) std::printf("  %-20s %8.2f ms  %5.1f%%\n", op.c_str(), 1e3 * s / runs, 100 * s / total);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const std::string& key) { return a.rfind(key, 0) == 0 ? a.substr(key.size()) : std::string(); };
    if (auto v = value("--model="); !v.empty()) o.models.push_back(v);
    else if (auto b = value("--batch="); !b.empty()) o.batch = std::stoll(b);
    else if (auto t = value("--threads="); !t.empty()) o.threads = std::stoi(t);
    else if (auto p = value("--profile="); !p.empty()) o.profile_runs = std::stoi(p);
    else ohmic::fail("bench_host_models", "unknown argument '" + a + "'", "use --model=PATH, --batch=N, --threads=N, --profile=RUNS");
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
    benchmark::AddCustomContext("onednn", ohmic::exec::onednn_version_string());
    benchmark::AddCustomContext("threads", std::to_string(threads));
    if (o.profile_runs > 0) {
      for (const std::string& m : o.models) profile_model(m, o.batch, o.profile_runs);
      return 0;
    }
    for (const std::string& m : o.models) {
      const std::string name = std::filesystem::path(m).stem().string() + "/batch:" + std::to_string(o.batch) +
                               "/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(name.c_str(), [m, b = o.batch](benchmark::State& s) { run_model(s, m, b); })
          ->Unit(benchmark::kMillisecond)
          ->MeasureProcessCPUTime()  // cpu_time: CPU seconds of all threads per batch (robust to a busy machine)
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
