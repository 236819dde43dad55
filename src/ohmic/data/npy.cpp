// Generic images + labels in NumPy's .npy format (version 1, 2 or 3; little-endian, C order).
// Layout: "\x93NUMPY", major, minor, header length (uint16 LE for v1, uint32 LE for v2/3), a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (N, H, W), } padded with spaces, then the raw array.
#include <cstring>
#include <memory>
#include <regex>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/data/file_io.h"
#include "ohmic/data/readers.h"

namespace ohmic::data {
namespace {

const char* kHowToGet = "write it with numpy.save (images: uint8 or float32, N x H x W or N x C x H x W; labels: "
                        "integers, N)";
constexpr uint64_t kMaxHeaderBytes = 1 << 20;

struct NpyArray {
  std::string descr;  // e.g. "|u1", "<f4"
  char kind = 0;      // 'u', 'i', 'f'
  uint64_t item_bytes = 0;
  std::vector<uint64_t> shape;
  uint64_t data_offset = 0;
  uint64_t count = 1;  // elements
};

NpyArray read_header(PlainReader& f) {
  unsigned char pre[10];
  f.read_at(0, pre, 8, "npy magic");
  if (std::memcmp(pre, "\x93NUMPY", 6) != 0) fail(f.path(), "not a .npy file (bad magic)", kHowToGet);
  int major = pre[6];
  uint64_t header_len = 0, offset = 0;
  if (major == 1) {
    f.read_at(8, pre + 8, 2, "npy header length");
    header_len = uint64_t{pre[8]} | (uint64_t{pre[9]} << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    f.read_at(8, b, 4, "npy header length");
    header_len = uint64_t{b[0]} | (uint64_t{b[1]} << 8) | (uint64_t{b[2]} << 16) | (uint64_t{b[3]} << 24);
    offset = 12;
  } else {
    fail(f.path(), "unsupported .npy version " + std::to_string(major), "save with numpy.save");
  }
  if (header_len > kMaxHeaderBytes) fail(f.path(), "npy header of " + std::to_string(header_len) + " bytes", "corrupt");
  std::string header(header_len, '\0');
  f.read_at(offset, header.data(), header_len, "npy header");

  NpyArray a;
  a.data_offset = offset + header_len;
  std::smatch m;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([^']*)')")))
    fail(f.path(), "npy header has no 'descr'", kHowToGet);
  a.descr = m[1];
  if (std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*True)")))
    fail(f.path(), "array is in Fortran order", "save numpy.ascontiguousarray(x) instead");
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
    fail(f.path(), "npy header has no 'shape'", kHowToGet);
  std::string dims = m[1];
  std::regex number(R"(\s*(\d+)\s*(,|$))");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), number); it != std::sregex_iterator(); ++it) {
    const std::string digits = (*it)[1];
    if (digits.size() > 18) fail(f.path(), "npy dimension " + digits + " is too large", "the file is corrupt");
    a.shape.push_back(std::stoull(digits));
  }
  if (a.descr.size() < 3 || (a.descr[0] != '<' && a.descr[0] != '|') ||
      (a.descr[1] != 'u' && a.descr[1] != 'i' && a.descr[1] != 'f'))
    fail(f.path(), "unsupported element type '" + a.descr + "'",
         "save little-endian integers or float32 (e.g. x.astype(numpy.float32))");
  a.kind = a.descr[1];
  a.item_bytes = std::strtoull(a.descr.c_str() + 2, nullptr, 10);
  bool int_ok = (a.kind == 'u' || a.kind == 'i') &&
                (a.item_bytes == 1 || a.item_bytes == 2 || a.item_bytes == 4 || a.item_bytes == 8);
  if (!int_ok && !(a.kind == 'f' && a.item_bytes == 4))
    fail(f.path(), "unsupported element type '" + a.descr + "'", "use uint8/int*/float32");
  for (uint64_t d : a.shape) a.count = checked_product(f.path(), {a.count, d});
  uint64_t bytes = checked_product(f.path(), {a.count, a.item_bytes});
  check_declared_bytes(f.path(), "the array", bytes);
  if (f.size() - std::min(f.size(), a.data_offset) != bytes)
    fail(f.path(), "holds " + std::to_string(f.size() - std::min(f.size(), a.data_offset)) +
                       " bytes of data, its header declares " + std::to_string(bytes) + " ('" + a.descr + "', " +
                       std::to_string(a.shape.size()) + " dimensions)",
         f.size() < a.data_offset + bytes ? "the file is truncated" : "the file is corrupt");
  return a;
}

// Converts n little-endian elements of type (kind, item_bytes) to T.
template <class T>
void convert(const NpyArray& a, const unsigned char* in, uint64_t n, T* out) {
  for (uint64_t i = 0; i < n; ++i) {
    const unsigned char* p = in + i * a.item_bytes;
    if (a.kind == 'f') {
      float v;
      std::memcpy(&v, p, 4);
      out[i] = static_cast<T>(v);
      continue;
    }
    uint64_t u = 0;
    for (uint64_t b = 0; b < a.item_bytes; ++b) u |= uint64_t{p[b]} << (8 * b);
    if (a.kind == 'i' && a.item_bytes < 8 && (u >> (8 * a.item_bytes - 1)) != 0) u |= ~uint64_t{0} << (8 * a.item_bytes);
    out[i] = a.kind == 'i' ? static_cast<T>(static_cast<int64_t>(u)) : static_cast<T>(u);
  }
}

class NpyDataset final : public Dataset {
 public:
  NpyDataset(const DataSpec& spec, const std::string& images_path, const std::string& labels_path)
      : Dataset(Preprocessing{}), images_(images_path, kHowToGet) {
    image_ = read_header(images_);
    PlainReader labels_file(labels_path, kHowToGet);
    NpyArray la = read_header(labels_file);
    if (image_.shape.size() == 3) {
      dims_ = {1, static_cast<int64_t>(image_.shape[1]), static_cast<int64_t>(image_.shape[2])};
    } else if (image_.shape.size() == 4) {
      dims_ = {static_cast<int64_t>(image_.shape[1]), static_cast<int64_t>(image_.shape[2]),
               static_cast<int64_t>(image_.shape[3])};
    } else {
      fail(images_.path(), "images have " + std::to_string(image_.shape.size()) + " dimensions",
           "save N x H x W or N x C x H x W");
    }
    if (image_.kind == 'i' || (image_.kind == 'u' && image_.item_bytes != 1))
      fail(images_.path(), "image element type '" + image_.descr + "' is not supported", "use uint8 or float32");
    n_ = image_.shape[0];
    per_sample_ = n_ == 0 ? 0 : image_.count / n_;
    if (la.kind == 'f') fail(labels_file.path(), "labels are floats ('" + la.descr + "')", "save integer labels");
    if (la.shape.size() != 1 || la.shape[0] != n_)
      fail(labels_file.path(), "labels must be a vector of " + std::to_string(n_) + " (one per image), got " +
                                   std::to_string(la.count) + " in " + std::to_string(la.shape.size()) + " dimensions",
           "pass the labels that belong to " + images_.path());
    std::vector<unsigned char> raw(la.count * la.item_bytes);
    labels_file.read_at(la.data_offset, raw.data(), raw.size(), "labels");
    labels_.resize(n_);
    convert(la, raw.data(), n_, labels_.data());
    int64_t max_label = -1;
    for (uint64_t i = 0; i < n_; ++i) {
      if (labels_[i] < 0 || labels_[i] > 1000000)
        fail(labels_file.path(), "label " + std::to_string(labels_[i]) + " of sample " + std::to_string(i) +
                                     " is not a class index 0..1000000");
      max_label = std::max(max_label, labels_[i]);
    }
    classes_ = static_cast<int>(max_label + 1);
    // Integer pixels (uint8) default to scale 1/255, float pixels to no scaling; mean 0, std 1.
    set_preprocessing(spec.preprocessing(image_.kind == 'u' ? Preprocessing{1.0 / 255.0, 0, 1} : Preprocessing{}));
    description_ = "npy:" + images_.path() + "," + labels_file.path();
  }

  std::string description() const override { return description_; }
  int64_t size() const override { return static_cast<int64_t>(n_); }
  graph::Dims sample_dims() const override { return dims_; }
  int num_classes() const override { return classes_; }

 protected:
  void read_raw(int64_t first, int64_t count, float* pixels, int64_t* labels) override {
    uint64_t n = static_cast<uint64_t>(count) * per_sample_;
    std::vector<unsigned char> buffer(n * image_.item_bytes);
    images_.read_at(image_.data_offset + static_cast<uint64_t>(first) * per_sample_ * image_.item_bytes,
                    buffer.data(), buffer.size(), "images");
    convert(image_, buffer.data(), n, pixels);
    for (int64_t i = 0; i < count; ++i) labels[i] = labels_[static_cast<size_t>(first + i)];
  }

 private:
  PlainReader images_;
  NpyArray image_;
  graph::Dims dims_;
  uint64_t n_ = 0, per_sample_ = 0;
  std::vector<int64_t> labels_;
  int classes_ = 0;
  std::string description_;
};

}  // namespace

std::unique_ptr<Dataset> open_npy(const DataSpec& spec) {
  return std::make_unique<NpyDataset>(spec, spec.arg, spec.labels_path);
}

}  // namespace ohmic::data
