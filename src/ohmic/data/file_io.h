#pragma once
// File helpers shared by the data-set readers: open with a clear "missing file" error, size checks against
// graph::max_tensor_bytes() before allocating, and a gzip reader (zlib; plain files are read transparently).
#include <cstdint>
#include <cstdio>
#include <string>

namespace ohmic::data {

// Size of a regular file in bytes; throws ohmic::Error naming the path and `how_to_get` when it does not exist.
uint64_t file_size_or_fail(const std::string& path, const std::string& how_to_get);
bool file_exists(const std::string& path);

// Throws when `bytes` (what a file declares it holds) exceeds graph::max_tensor_bytes().
void check_declared_bytes(const std::string& path, const std::string& what, uint64_t bytes);

// n1 * n2 * ..., throwing (naming the file) on overflow past 2^62.
uint64_t checked_product(const std::string& path, std::initializer_list<uint64_t> factors);

// Sequential reader of a gzip (or plain) file.
class GzReader {
 public:
  GzReader(std::string path, const std::string& how_to_get);
  ~GzReader();
  GzReader(const GzReader&) = delete;
  GzReader& operator=(const GzReader&) = delete;
  const std::string& path() const { return path_; }
  // Reads up to n bytes; returns the count read (less only at the end of the data).
  uint64_t read_some(void* buffer, uint64_t n);
  // Reads exactly n bytes or throws "truncated: <what>".
  void read_exact(void* buffer, uint64_t n, const std::string& what);
  // Positions at an offset of the uncompressed data (forward seeks decompress; backward seeks rewind).
  void seek(uint64_t offset);
  // Counts the bytes left until the end (decompressing in bounded chunks).
  uint64_t count_remaining();

 private:
  std::string path_;
  void* file_ = nullptr;  // gzFile
};

// Sequential and positioned reads of a plain file.
class PlainReader {
 public:
  PlainReader(std::string path, const std::string& how_to_get);
  ~PlainReader();
  PlainReader(const PlainReader&) = delete;
  PlainReader& operator=(const PlainReader&) = delete;
  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  void read_at(uint64_t offset, void* buffer, uint64_t n, const std::string& what);

 private:
  std::string path_;
  uint64_t size_ = 0;
  std::FILE* file_ = nullptr;
};

}  // namespace ohmic::data
