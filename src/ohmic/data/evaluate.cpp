#include "ohmic/data/evaluate.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "ohmic/core/error.h"
#include "ohmic/core/progress.h"

namespace ohmic::data {
namespace {

// Index of the largest of n values (the first on ties, as torch.argmax and numpy.argmax).
int64_t argmax(const double* v, int64_t n) {
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

}  // namespace

void check_fits_input(const Dataset& data, const std::string& input_name, const graph::Shape& input_shape) {
  graph::Dims sample = data.sample_dims();
  bool ok = input_shape.size() == sample.size() + 1;
  for (size_t d = 0; ok && d < sample.size(); ++d)
    ok = !input_shape[d + 1].known() || input_shape[d + 1].size == sample[d];
  if (!ok)
    fail("data set " + data.description(),
         "samples of shape " + graph::dims_str(sample) + " do not fit model input '" + input_name + "' of shape " +
             graph::shape_str(input_shape),
         "use a data set with " + graph::shape_str(graph::Shape(input_shape.begin() + std::min<size_t>(1, input_shape.size()), input_shape.end())) +
             " samples (e.g. fashion-mnist or mnist for 28x28 models, digits for 8x8 models)");
}

EvalResult evaluate(Dataset& data, const ForwardFn& forward, const EvalOptions& options) {
  if (options.batch <= 0) fail("evaluate", "batch size must be positive, got " + std::to_string(options.batch));
  if (options.limit < 0) fail("evaluate", "limit must not be negative, got " + std::to_string(options.limit));
  EvalResult r;
  int64_t total = options.limit > 0 ? std::min(options.limit, data.size()) : data.size();
  Progress progress("eval", total, options.progress);
  auto start = std::chrono::steady_clock::now();
  std::vector<float> kept;
  int64_t classes = 0;
  std::vector<double> row;
  for (int64_t first = 0; first < total; first += options.batch) {
    Batch batch = data.read(first, std::min(options.batch, total - first));
    const int64_t n = static_cast<int64_t>(batch.labels.size());
    graph::Tensor logits = forward(batch.images);
    if (logits.rank() < 1 || logits.dim(0) != n || logits.numel() % std::max<int64_t>(n, 1) != 0)
      fail("evaluate", "the model returned logits of shape " + graph::dims_str(logits.dims()) + " for a batch of " +
                           std::to_string(n) + " images",
           "the model's first output must be [batch, classes]");
    int64_t width = n > 0 ? logits.numel() / n : 0;
    if (classes == 0) classes = width;
    if (width != classes || width == 0)
      fail("evaluate", "the model returned " + std::to_string(width) + " scores per image (earlier " +
                           std::to_string(classes) + ")");
    std::vector<double> values = logits.to_doubles();
    for (int64_t i = 0; i < n; ++i) {
      const double* v = values.data() + i * width;
      if (argmax(v, width) == batch.labels[static_cast<size_t>(i)]) ++r.correct;
      if (first + i < options.keep_logits) {
        for (int64_t c = 0; c < width; ++c) kept.push_back(static_cast<float>(v[c]));
        r.first_labels.push_back(batch.labels[static_cast<size_t>(i)]);
      }
    }
    r.samples += n;
    progress.advance(n);
  }
  progress.finish();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.accuracy = r.samples > 0 ? static_cast<double>(r.correct) / static_cast<double>(r.samples) : 0.0;
  r.images_per_s = r.seconds > 0 ? static_cast<double>(r.samples) / r.seconds : 0.0;
  int64_t kept_rows = static_cast<int64_t>(r.first_labels.size());
  r.first_logits = graph::Tensor::from<float>({kept_rows, classes}, std::span<const float>(kept));
  return r;
}

}  // namespace ohmic::data
