#include "ohmic/data/file_io.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/graph/tensor.h"

namespace ohmic::data {

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

uint64_t file_size_or_fail(const std::string& path, const std::string& how_to_get) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(path, "file not found", how_to_get);
  if (!std::filesystem::is_regular_file(path, ec)) fail(path, "is not a regular file", how_to_get);
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) fail(path, "cannot read its size: " + ec.message(), how_to_get);
  return size;
}

void check_declared_bytes(const std::string& path, const std::string& what, uint64_t bytes) {
  uint64_t cap = graph::max_tensor_bytes();
  if (bytes > cap)
    fail(path, what + " declares " + std::to_string(bytes) + " bytes, more than the limit of " + std::to_string(cap),
         "check the file is not corrupt, or raise OHMIC_MAX_TENSOR_BYTES");
}

uint64_t checked_product(const std::string& path, std::initializer_list<uint64_t> factors) {
  constexpr uint64_t kLimit = uint64_t{1} << 62;
  uint64_t n = 1;
  for (uint64_t f : factors) {
    if (f != 0 && n > kLimit / f) fail(path, "declares dimensions whose product overflows 64 bits", "the file is corrupt");
    n *= f;
  }
  return n;
}

namespace {
gzFile gz(void* f) { return static_cast<gzFile>(f); }
constexpr uint64_t kChunk = uint64_t{1} << 30;  // gzread takes an unsigned int count
}  // namespace

GzReader::GzReader(std::string path, const std::string& how_to_get) : path_(std::move(path)) {
  file_size_or_fail(path_, how_to_get);
  file_ = gzopen(path_.c_str(), "rb");
  if (!file_) fail(path_, std::string("cannot open: ") + std::strerror(errno), how_to_get);
  gzbuffer(gz(file_), 1 << 16);
}

GzReader::~GzReader() {
  if (file_) gzclose(gz(file_));
}

uint64_t GzReader::read_some(void* buffer, uint64_t n) {
  auto* out = static_cast<unsigned char*>(buffer);
  uint64_t done = 0;
  while (done < n) {
    unsigned want = static_cast<unsigned>(std::min(kChunk, n - done));
    int got = gzread(gz(file_), out + done, want);
    if (got < 0) {
      int code = 0;
      const char* msg = gzerror(gz(file_), &code);
      fail(path_, std::string("cannot decompress: ") + (msg ? msg : "unknown zlib error"), "the file is corrupt");
    }
    if (got == 0) {
      // gzread returns 0 at a clean end and also at a truncated stream; gzerror tells which.
      int code = 0;
      const char* msg = gzerror(gz(file_), &code);
      if (code != Z_OK && code != Z_STREAM_END)
        fail(path_, std::string("cannot decompress: ") + (msg ? msg : "unknown zlib error"),
             "the file is corrupt or truncated");
      break;
    }
    done += static_cast<uint64_t>(got);
  }
  return done;
}

void GzReader::read_exact(void* buffer, uint64_t n, const std::string& what) {
  uint64_t got = read_some(buffer, n);
  if (got != n)
    fail(path_, "truncated: " + what + " needs " + std::to_string(n) + " bytes, only " + std::to_string(got) + " left",
         "the file is incomplete; fetch it again");
}

void GzReader::seek(uint64_t offset) {
  if (offset > static_cast<uint64_t>(std::numeric_limits<z_off_t>::max())) fail(path_, "offset out of range");
  if (gzseek(gz(file_), static_cast<z_off_t>(offset), SEEK_SET) < 0) {
    int code = 0;
    const char* msg = gzerror(gz(file_), &code);
    fail(path_, std::string("cannot seek: ") + (msg ? msg : "unknown zlib error"), "the file is corrupt or truncated");
  }
}

uint64_t GzReader::count_remaining() {
  std::vector<unsigned char> buffer(1 << 16);
  uint64_t total = 0;
  for (;;) {
    uint64_t got = read_some(buffer.data(), buffer.size());
    if (got == 0) break;
    total += got;
  }
  return total;
}

PlainReader::PlainReader(std::string path, const std::string& how_to_get) : path_(std::move(path)) {
  size_ = file_size_or_fail(path_, how_to_get);
  file_ = std::fopen(path_.c_str(), "rb");
  if (!file_) fail(path_, std::string("cannot open: ") + std::strerror(errno), how_to_get);
}

PlainReader::~PlainReader() {
  if (file_) std::fclose(file_);
}

void PlainReader::read_at(uint64_t offset, void* buffer, uint64_t n, const std::string& what) {
  if (offset > size_ || n > size_ - offset)
    fail(path_, "truncated: " + what + " needs bytes " + std::to_string(offset) + ".." + std::to_string(offset + n) +
                    ", the file has " + std::to_string(size_),
         "the file is incomplete or corrupt");
  if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0 || std::fread(buffer, 1, n, file_) != n)
    fail(path_, "read error at byte " + std::to_string(offset) + ": " + std::strerror(errno));
}

}  // namespace ohmic::data
