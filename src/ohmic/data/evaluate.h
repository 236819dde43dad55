#pragma once
// Classification accuracy of a model on a data set. The model is any forward function (the host executor today, the
// CIM simulator later), so every back end is measured by the same loop.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ohmic/data/dataset.h"
#include "ohmic/graph/graph.h"

namespace ohmic::data {

// One batch through the model: images float32 [N, C, H, W] -> logits [N, classes] (extra unit dims allowed).
using ForwardFn = std::function<graph::Tensor(const graph::Tensor& images)>;

struct EvalOptions {
  int64_t limit = 0;        // evaluate only the first `limit` samples; 0 = all
  int64_t batch = 64;       // samples per forward call
  int64_t keep_logits = 0;  // keep the logits of the first K samples (for comparisons against a reference)
  bool progress = true;     // progress bar on stderr
};

struct EvalResult {
  int64_t samples = 0, correct = 0;
  double accuracy = 0.0;  // correct / samples
  double seconds = 0.0, images_per_s = 0.0;
  graph::Tensor first_logits;  // float32 [min(keep_logits, samples), classes]
  std::vector<int64_t> first_labels;
};

EvalResult evaluate(Dataset& data, const ForwardFn& forward, const EvalOptions& options);

// Throws an ohmic::Error naming the model input and the data set when a sample [C, H, W] cannot feed an input of
// shape [batch, C, H, W] (rank, channels or image size differ). Unknown dimensions match anything.
void check_fits_input(const Dataset& data, const std::string& input_name, const graph::Shape& input_shape);

}  // namespace ohmic::data
