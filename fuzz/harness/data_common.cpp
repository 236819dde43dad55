#include "data_common.h"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace ohmic::fuzz {

std::pair<std::span<const uint8_t>, std::span<const uint8_t>> split_in_two(std::span<const uint8_t> input) {
  if (input.size() < 2) return {{}, input};
  size_t first = std::min<size_t>(input.size() - 2, size_t{input[0]} | (size_t{input[1]} << 8));
  return {input.subspan(2, first), input.subspan(2 + first)};
}

std::vector<uint8_t> gzip(std::span<const uint8_t> bytes) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("fuzz harness: deflateInit2 failed");
  std::vector<uint8_t> out(deflateBound(&z, static_cast<uLong>(bytes.size())));
  z.next_in = const_cast<Bytef*>(bytes.data());  // zlib's API is not const-correct; it does not write the input
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("fuzz harness: deflate failed");
  return out;
}

void open_and_read_all(const std::string& spec) {
  std::unique_ptr<data::Dataset> ds = data::open_dataset(spec);
  (void)ds->description();
  const int64_t n = ds->size();
  constexpr int64_t kBatch = 16;
  for (int64_t first = 0; first < n; first += kBatch) {
    data::Batch b = ds->read(first, kBatch);
    const int64_t got = std::min(kBatch, n - first);
    if (b.images.dims().empty() || b.images.dim(0) != got || static_cast<int64_t>(b.labels.size()) != got)
      throw std::logic_error("data set '" + spec + "': batch at " + std::to_string(first) + " has the wrong size");
    for (int64_t label : b.labels)
      if (label < 0 || label >= ds->num_classes())
        throw std::logic_error("data set '" + spec + "': label " + std::to_string(label) + " outside its classes");
  }
}

}  // namespace ohmic::fuzz
