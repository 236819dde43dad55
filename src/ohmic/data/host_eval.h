#pragma once
// The host CPU as a model for data::evaluate: an ONNX file imported (onnx/) and run by the reference executor
// (exec/). Library ohmic_data_host; the CIM simulator provides its own ForwardFn to the same evaluate().
#include <memory>
#include <string>

#include "ohmic/data/evaluate.h"

namespace ohmic::exec {
class Executor;
}

namespace ohmic::data {

class HostModel {
 public:
  // Imports the model; throws ohmic::Error (naming the file) on a bad model or ops without a host kernel.
  explicit HostModel(const std::string& onnx_path);
  ~HostModel();
  HostModel(const HostModel&) = delete;
  HostModel& operator=(const HostModel&) = delete;

  const std::string& path() const { return path_; }
  // Throws a clear ohmic::Error unless the model has one float input whose shape fits the data set's samples.
  void check_fits(const Dataset& data) const;
  // Runs one batch; returns the model's first output.
  graph::Tensor forward(const graph::Tensor& images);
  ForwardFn forward_fn() {
    return [this](const graph::Tensor& images) { return forward(images); };
  }

 private:
  std::string path_;
  std::unique_ptr<exec::Executor> executor_;
};

// Import + check + evaluate in one call (threads: 0 = all cores; results do not depend on it).
EvalResult evaluate_on_host(const std::string& onnx_path, Dataset& data, const EvalOptions& options, int threads = 0);

}  // namespace ohmic::data
