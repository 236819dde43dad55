// scikit-learn's digits (UCI optical recognition of handwritten digits, 1,797 images of 8x8): digits.csv.gz, one
// image per line, 64 pixel values 0..16 row-major then the label 0..9, comma-separated.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/data/file_io.h"
#include "ohmic/data/readers.h"

namespace ohmic::data {
namespace {

const char* kDefaultPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";  // python3-sklearn
const char* kHowToGet = "install the Debian package python3-sklearn (scripts/install-deps.sh), or pass digits:PATH";
// Pixels count 0..16 (the number of set bits in a 4x4 block of the original 32x32 bitmap), scaled to [0, 1].
const Preprocessing kDefaults{1.0 / 16.0, 0.0, 1.0};
constexpr int kClasses = 10;
constexpr int64_t kSide = 8;
constexpr int64_t kFields = kSide * kSide + 1;
constexpr uint64_t kMaxLineBytes = 1 << 16;

class DigitsCsv final : public Dataset {
 public:
  explicit DigitsCsv(const DataSpec& spec)
      : Dataset(spec.preprocessing(kDefaults)), path_(spec.arg.empty() ? kDefaultPath : spec.arg) {
    GzReader in(path_, kHowToGet);
    std::string line;
    char chunk[1 << 14];
    int64_t line_no = 0;
    for (;;) {
      uint64_t got = in.read_some(chunk, sizeof chunk);
      for (uint64_t i = 0; i < got; ++i) {
        if (chunk[i] != '\n') {
          line.push_back(chunk[i]);
          if (line.size() > kMaxLineBytes) fail(path_ + ":" + std::to_string(line_no + 1), "line too long", "corrupt");
          continue;
        }
        parse_line(line, ++line_no);
        line.clear();
      }
      if (got == 0) break;
    }
    if (!line.empty()) parse_line(line, ++line_no);
    if (labels_.empty()) fail(path_, "holds no images", kHowToGet);
  }

  std::string description() const override { return "digits (" + path_ + ")"; }
  int64_t size() const override { return static_cast<int64_t>(labels_.size()); }
  graph::Dims sample_dims() const override { return {1, kSide, kSide}; }
  int num_classes() const override { return kClasses; }

 protected:
  void read_raw(int64_t first, int64_t count, float* pixels, int64_t* labels) override {
    constexpr int64_t per = kSide * kSide;
    std::copy(pixels_.begin() + first * per, pixels_.begin() + (first + count) * per, pixels);
    std::copy(labels_.begin() + first, labels_.begin() + first + count, labels);
  }

 private:
  void parse_line(const std::string& line, int64_t line_no) {
    if (line.empty() || line == "\r") return;
    const std::string where = path_ + ":" + std::to_string(line_no);
    const char* p = line.c_str();
    double fields[kFields];
    int64_t n = 0;
    for (;;) {
      errno = 0;
      char* end = nullptr;
      double v = std::strtod(p, &end);
      if (end == p || errno == ERANGE || !std::isfinite(v))
        fail(where, "field " + std::to_string(n + 1) + " is not a number", "the file is corrupt");
      if (n == kFields) fail(where, "has more than " + std::to_string(kFields) + " fields", "expected 64 pixels + label");
      fields[n++] = v;
      p = end;
      if (*p == ',') {
        ++p;
        continue;
      }
      if (*p == '\0' || *p == '\r') break;
      fail(where, "unexpected character '" + std::string(1, *p) + "'", "the file is corrupt");
    }
    if (n != kFields)
      fail(where, "has " + std::to_string(n) + " fields, expected 65 (64 pixels + label)", "the file is corrupt");
    double label = fields[kFields - 1];
    if (label != std::floor(label) || label < 0 || label >= kClasses)
      fail(where, "label " + std::to_string(label) + " is not a digit 0..9", "the file is corrupt");
    if ((pixels_.size() + kFields) * sizeof(float) > graph::max_tensor_bytes())
      fail(path_, "holds more data than the tensor limit", "raise OHMIC_MAX_TENSOR_BYTES");
    for (int64_t i = 0; i + 1 < kFields; ++i) pixels_.push_back(static_cast<float>(fields[i]));
    labels_.push_back(static_cast<int64_t>(label));
  }

  std::string path_;
  std::vector<float> pixels_;
  std::vector<int64_t> labels_;
};

}  // namespace

std::unique_ptr<Dataset> open_digits_csv(const DataSpec& spec) { return std::make_unique<DigitsCsv>(spec); }

}  // namespace ohmic::data
