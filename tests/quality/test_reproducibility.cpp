// Same seed => the same bits for any thread count. Each workload runs once under ThreadLimit(1) and once under
// ThreadLimit(2) and the results are compared byte for byte. New workloads join as the layers land (exec, sim).
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <vector>

#include "ohmic/core/parallel.h"
#include "ohmic/core/rng.h"
#include "ohmic/exec/executor.h"
#include "ohmic/onnx/importer.h"

namespace {

template <class Result>
void expect_same_bits_for_1_and_2_threads(const std::function<Result()>& workload) {
  Result one, two;
  {
    ohmic::ThreadLimit limit(1);
    one = workload();
  }
  {
    ohmic::ThreadLimit limit(2);
    two = workload();
  }
  ASSERT_EQ(one.size(), two.size());
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(0, std::memcmp(one.data(), two.data(), one.size() * sizeof(one[0])))
      << "results differ between 1 and 2 threads";
}

// A noisy matrix-vector product in float, the shape of a CIM array read: weights and per-read noise come from
// Philox streams keyed by (seed, row block), rows are split into chunks that run on whatever thread is free.
std::vector<float> noisy_matvec(uint64_t seed) {
  constexpr int64_t kRows = 4096, kCols = 257, kRowsPerChunk = 64;
  std::vector<float> x(kCols);
  ohmic::RandomStream({seed, 0, 0, 0}).fill_uniform(0, x);
  std::vector<float> y(kRows);
  ohmic::parallel_for(kRows, kRowsPerChunk, [&](int64_t begin, int64_t end) {
    std::vector<float> w(kCols), noise(1);
    for (int64_t r = begin; r < end; ++r) {
      ohmic::RandomStream weights({seed, 1, static_cast<uint32_t>(r), 0});
      weights.fill_normal(0, w);
      float acc = 0.0f;
      for (int64_t c = 0; c < kCols; ++c) acc += w[static_cast<size_t>(c)] * x[static_cast<size_t>(c)];
      ohmic::RandomStream({seed, 2, static_cast<uint32_t>(r), 0}).fill_normal(0, noise);
      y[static_cast<size_t>(r)] = acc + 0.01f * noise[0];
    }
  });
  return y;
}

TEST(Reproducibility, NoisyMatVecIsBitIdenticalFor1And2Threads) {
  expect_same_bits_for_1_and_2_threads<std::vector<float>>([] { return noisy_matvec(42); });
}

TEST(Reproducibility, DifferentSeedsGiveDifferentResults) {
  // Guards the test above against a workload that ignores its seed (it would then compare constants).
  EXPECT_NE(noisy_matvec(1), noisy_matvec(2));
}

// The bundled Fashion-MNIST CNN through the reference executor (oneDNN convolutions and GEMMs, TBB-parallel
// kernels) on a seeded random batch; the logits must not depend on the thread count.
std::vector<float> fmnist_cnn_logits(uint64_t seed) {
  ohmic::graph::Graph g = ohmic::onnx::import_model(std::string(OHMIC_SOURCE_DIR) + "/models/fmnist_cnn.onnx");
  ohmic::graph::Dims dims;
  for (const ohmic::graph::Dim& d : *g.value(g.inputs.at(0)).type.shape) dims.push_back(d.known() ? d.size : 32);
  ohmic::graph::Tensor x(ohmic::graph::DType::Float32, dims);
  ohmic::RandomStream({seed, 0, 0, 0}).fill_normal(0, {x.data<float>(), static_cast<size_t>(x.numel())});
  ohmic::exec::Executor executor(std::move(g));
  std::vector<ohmic::graph::Tensor> out = executor.run({x});
  auto logits = out.at(0).values<float>();
  return {logits.begin(), logits.end()};
}

TEST(Reproducibility, FashionMnistCnnIsBitIdenticalFor1And2Threads) {
  expect_same_bits_for_1_and_2_threads<std::vector<float>>([] { return fmnist_cnn_logits(7); });
}

}  // namespace
