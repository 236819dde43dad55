#include "ohmic/data/dataset.h"

#include <algorithm>

#include "ohmic/core/error.h"
#include "ohmic/data/readers.h"

namespace ohmic::data {

Batch Dataset::read(int64_t first, int64_t count) {
  if (first < 0 || count < 0) fail(description(), "negative sample range");
  int64_t n = std::max<int64_t>(0, std::min(count, size() - first));
  graph::Dims dims = sample_dims();
  dims.insert(dims.begin(), n);
  Batch batch{graph::Tensor(graph::DType::Float32, dims), std::vector<int64_t>(static_cast<size_t>(n))};
  if (n == 0) return batch;
  float* pixels = batch.images.data<float>();
  read_raw(first, n, pixels, batch.labels.data());
  const Preprocessing& p = preprocessing();
  for (int64_t i = 0; i < batch.images.numel(); ++i) pixels[i] = p.apply(pixels[i]);
  return batch;
}

std::unique_ptr<Dataset> open_dataset(const DataSpec& spec) {
  if (spec.kind == "fashion-mnist") return open_fashion_mnist(spec);
  if (spec.kind == "mnist") return open_mnist_json(spec);
  if (spec.kind == "digits") return open_digits_csv(spec);
  if (spec.kind == "npy") return open_npy(spec);
  fail("data spec '" + spec.text + "'", "unknown data set kind '" + spec.kind + "'");
}

}  // namespace ohmic::data
