#include "ohmic/core/rng.h"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>

namespace ohmic {
namespace {

using Philox = r123::Philox4x32;

// Maps a 32-bit word to (0, 1) exclusive: (w + 0.5) / 2^32.
inline double to_open_unit(uint32_t w) { return (static_cast<double>(w) + 0.5) * (1.0 / 4294967296.0); }

}  // namespace

void RandomStream::words_at(uint64_t index, uint32_t out[4]) const {
  Philox rng;
  // Key: the seed, with the purpose word c folded into its high half (golden-ratio multiplier keeps nearby c apart).
  // Counter: 64-bit position, then a and b (e.g. layer and block), so streams with different (a, b) never overlap.
  Philox::key_type k = {{static_cast<uint32_t>(key_.seed), static_cast<uint32_t>(key_.seed >> 32) ^ (key_.c * 0x9E3779B9u)}};
  Philox::ctr_type c = {{static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32), key_.a, key_.b}};
  Philox::ctr_type r = rng(c, k);
  for (int i = 0; i < 4; ++i) out[i] = r[i];
}

double RandomStream::uniform_at(uint64_t index) const {
  uint32_t w[4];
  words_at(index, w);
  return to_open_unit(w[0]);
}

double RandomStream::normal_at(uint64_t index) const {
  uint32_t w[4];
  words_at(index, w);
  double u1 = to_open_unit(w[0]), u2 = to_open_unit(w[1]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void RandomStream::fill_normal(uint64_t first, std::span<float> out) const {
  // Each counter value yields four words = two Box-Muller pairs = four normals. Position p uses counter p / 4.
  size_t i = 0;
  const size_t n = out.size();
  while (i < n) {
    uint64_t pos = first + i;
    uint64_t ctr = pos / 4;
    uint32_t w[4];
    words_at(ctr, w);
    float z[4];
    for (int p = 0; p < 2; ++p) {
      double r = std::sqrt(-2.0 * std::log(to_open_unit(w[2 * p])));
      double t = 2.0 * std::numbers::pi * to_open_unit(w[2 * p + 1]);
      z[2 * p] = static_cast<float>(r * std::cos(t));
      z[2 * p + 1] = static_cast<float>(r * std::sin(t));
    }
    for (uint64_t k = pos % 4; k < 4 && i < n; ++k) out[i++] = z[k];
  }
}

void RandomStream::fill_uniform(uint64_t first, std::span<float> out) const {
  size_t i = 0;
  const size_t n = out.size();
  while (i < n) {
    uint64_t pos = first + i;
    uint32_t w[4];
    words_at(pos / 4, w);
    for (uint64_t k = pos % 4; k < 4 && i < n; ++k) out[i++] = static_cast<float>(to_open_unit(w[k]));
  }
}

}  // namespace ohmic
