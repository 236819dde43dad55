// Fashion-MNIST in the idx format (the same format as the original MNIST files), gzip-compressed or plain.
// idx: 2 zero bytes, a type byte (0x08 = unsigned byte), a rank byte, rank big-endian uint32 dimensions, then data.
#include <memory>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/data/file_io.h"
#include "ohmic/data/readers.h"

namespace ohmic::data {
namespace {

const char* kDefaultDir = "/usr/share/datasets/fashion-mnist";  // Debian package dataset-fashion-mnist
const char* kHowToGet = "install the Debian package dataset-fashion-mnist (scripts/install-deps.sh), or pass dir=PATH "
                        "to a folder holding the idx files";
// Training-set pixel statistics after scaling to [0, 1]: mean 0.28604, std 0.35302 over all 60,000 images
// (computed by models/fmnist_common.py's data), rounded to the four digits the bundled models were trained with.
const Preprocessing kDefaults{1.0 / 255.0, 0.2860, 0.3530};
constexpr int kClasses = 10;

std::vector<uint64_t> read_idx_header(GzReader& f, int rank) {
  unsigned char head[4];
  f.read_exact(head, 4, "idx header");
  if (head[0] != 0 || head[1] != 0 || head[2] != 0x08 || head[3] != rank)
    fail(f.path(), "not an idx file of unsigned bytes with " + std::to_string(rank) + " dimension(s) (magic " +
                       std::to_string(head[0]) + " " + std::to_string(head[1]) + " " + std::to_string(head[2]) + " " +
                       std::to_string(head[3]) + ")",
         "give the matching -images-idx3-ubyte / -labels-idx1-ubyte file");
  std::vector<uint64_t> dims(static_cast<size_t>(rank));
  for (auto& d : dims) {
    unsigned char b[4];
    f.read_exact(b, 4, "idx dimensions");
    d = (uint64_t{b[0]} << 24) | (uint64_t{b[1]} << 16) | (uint64_t{b[2]} << 8) | b[3];
  }
  return dims;
}

std::string pick(const std::string& dir, const std::string& name) {
  std::string gz = dir + "/" + name + ".gz";
  if (file_exists(gz) || !file_exists(dir + "/" + name)) return gz;
  return dir + "/" + name;
}

class FashionMnist final : public Dataset {
 public:
  FashionMnist(const DataSpec& spec, const std::string& dir, const std::string& split)
      : Dataset(spec.preprocessing(kDefaults)),
        split_(split),
        images_(pick(dir, (split == "train" ? "train" : "t10k") + std::string("-images-idx3-ubyte")), kHowToGet) {
    GzReader labels_file(pick(dir, (split == "train" ? "train" : "t10k") + std::string("-labels-idx1-ubyte")),
                         kHowToGet);
    std::vector<uint64_t> idims = read_idx_header(images_, 3);
    std::vector<uint64_t> ldims = read_idx_header(labels_file, 1);
    n_ = idims[0], h_ = idims[1], w_ = idims[2];
    if (h_ == 0 || w_ == 0) fail(images_.path(), "declares empty images " + std::to_string(h_) + "x" + std::to_string(w_));
    if (ldims[0] != n_)
      fail(labels_file.path(), "holds " + std::to_string(ldims[0]) + " labels but " + images_.path() + " holds " +
                                   std::to_string(n_) + " images",
           "use the labels file of the same split");
    uint64_t image_bytes = checked_product(images_.path(), {n_, h_, w_});
    check_declared_bytes(images_.path(), "the image data", image_bytes);
    check_declared_bytes(labels_file.path(), "the label data", n_ * sizeof(int64_t));
    // Labels are small (one byte per image): check the file holds exactly the declared count (decompressing in
    // bounded chunks), then read them all.
    uint64_t label_bytes = labels_file.count_remaining();
    if (label_bytes != n_)
      fail(labels_file.path(), "holds " + std::to_string(label_bytes) + " bytes of labels, its header declares " +
                                   std::to_string(n_),
           label_bytes < n_ ? "the file is truncated; reinstall or fetch it again" : "the file is corrupt");
    labels_file.seek(8);
    std::vector<unsigned char> raw(n_);
    labels_file.read_exact(raw.data(), n_, "labels");
    labels_.resize(n_);
    for (uint64_t i = 0; i < n_; ++i) {
      if (raw[i] >= kClasses)
        fail(labels_file.path(), "label " + std::to_string(raw[i]) + " of sample " + std::to_string(i) +
                                     " is out of range 0.." + std::to_string(kClasses - 1), "the file is corrupt");
      labels_[i] = raw[i];
    }
    // Images: check the size by decompressing once in bounded chunks, before any batch is read.
    uint64_t present = images_.count_remaining();
    if (present != image_bytes)
      fail(images_.path(), "holds " + std::to_string(present) + " bytes of image data, its header declares " +
                               std::to_string(image_bytes) + " (" + std::to_string(n_) + " x " + std::to_string(h_) +
                               " x " + std::to_string(w_) + ")",
           present < image_bytes ? "the file is truncated; reinstall or fetch it again" : "the file is corrupt");
  }

  std::string description() const override { return "fashion-mnist:" + split_ + " (" + images_.path() + ")"; }
  int64_t size() const override { return static_cast<int64_t>(n_); }
  graph::Dims sample_dims() const override { return {1, static_cast<int64_t>(h_), static_cast<int64_t>(w_)}; }
  int num_classes() const override { return kClasses; }

 protected:
  void read_raw(int64_t first, int64_t count, float* pixels, int64_t* labels) override {
    uint64_t per = h_ * w_, n = static_cast<uint64_t>(count);
    images_.seek(16 + static_cast<uint64_t>(first) * per);
    std::vector<unsigned char> buffer(n * per);
    images_.read_exact(buffer.data(), buffer.size(), "images");
    for (size_t i = 0; i < buffer.size(); ++i) pixels[i] = static_cast<float>(buffer[i]);
    for (uint64_t i = 0; i < n; ++i) labels[i] = labels_[static_cast<size_t>(first) + i];
  }

 private:
  std::string split_;
  GzReader images_;
  uint64_t n_ = 0, h_ = 0, w_ = 0;
  std::vector<int64_t> labels_;
};

}  // namespace

std::unique_ptr<Dataset> open_fashion_mnist(const DataSpec& spec) {
  return std::make_unique<FashionMnist>(spec, spec.dir.empty() ? kDefaultDir : spec.dir,
                                        spec.arg.empty() ? "test" : spec.arg);
}

}  // namespace ohmic::data
