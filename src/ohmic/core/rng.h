#pragma once
// Counter-based random streams (Philox4x32-10 from Random123). A stream is keyed by (seed, a, b, c) — e.g. seed,
// layer, block, purpose — and element i of a stream is a pure function of (key, i). So results never depend on
// thread count or on the order in which work is done.
#include <cstdint>
#include <span>

namespace ohmic {

struct StreamKey {
  uint64_t seed = 0;
  uint32_t a = 0, b = 0, c = 0;
};

class RandomStream {
 public:
  explicit RandomStream(StreamKey key) : key_(key) {}
  // Four independent uniform 32-bit words for counter value `index`.
  void words_at(uint64_t index, uint32_t out[4]) const;
  // Uniform in (0, 1), never 0 or 1.
  double uniform_at(uint64_t index) const;
  // Standard normal deviates for positions [first, first + out.size()) of the stream. Position p comes from the
  // words of counter p / 4 by Box-Muller in float (SIMD, Highway): words 0, 1 give positions 4k, 4k + 1 (cos, sin),
  // words 2, 3 give 4k + 2, 4k + 3; the radius uses a word's top 31 bits (|z| <= 6.66), the angle its top 24 bits.
  // A position's value is the same whatever range it is filled in (chunking, threads); it may differ in the last
  // bits between instruction sets (FMA or not), not between runs on one machine.
  void fill_normal(uint64_t first, std::span<float> out) const;
  void fill_uniform(uint64_t first, std::span<float> out) const;
  double normal_at(uint64_t index) const;

 private:
  // Philox key words (0, 1) and the fixed counter words (2, 3) of this stream.
  void philox_key(uint32_t out[4]) const;
  StreamKey key_;
};

}  // namespace ohmic
