#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "ohmic/core/rng.h"

using ohmic::RandomStream;

TEST(RandomStream, SameKeySameNumbers) {
  RandomStream a({42, 1, 2, 3}), b({42, 1, 2, 3});
  std::vector<float> x(1001), y(1001);
  a.fill_normal(0, x);
  b.fill_normal(0, y);
  EXPECT_EQ(x, y);
}

TEST(RandomStream, DifferentKeysDiffer) {
  RandomStream a({42, 1, 0, 0}), b({42, 2, 0, 0}), c({43, 1, 0, 0});
  EXPECT_NE(a.uniform_at(0), b.uniform_at(0));
  EXPECT_NE(a.uniform_at(0), c.uniform_at(0));
}

TEST(RandomStream, ChunkedFillEqualsWholeFill) {
  // What makes results thread-count independent: filling [0, n) in arbitrary pieces gives the same numbers.
  RandomStream s({7, 0, 0, 0});
  std::vector<float> whole(103);
  s.fill_normal(5, whole);
  std::vector<float> pieces(103);
  size_t cuts[] = {0, 1, 6, 7, 50, 103};
  for (int i = 0; i + 1 < 6; ++i)
    s.fill_normal(5 + cuts[i], std::span<float>(pieces).subspan(cuts[i], cuts[i + 1] - cuts[i]));
  EXPECT_EQ(whole, pieces);
}

TEST(RandomStream, FillNormalIsBoxMullerOfThePhiloxWords) {
  // The SIMD generator against the documented definition, in double from the scalar Philox words: catches a wrong
  // round, word order or counter carry (the last range crosses the 2^32 boundary of the counter's low word).
  RandomStream s({11, 4, 5, 6});
  const auto expected = [&](uint64_t p) {
    uint32_t w[4];
    s.words_at(p / 4, w);
    const size_t pair = static_cast<size_t>(p % 4) / 2;
    const double u = (static_cast<double>(w[2 * pair] >> 1) + 0.5) / 2147483648.0;
    const double t = (static_cast<double>(w[2 * pair + 1] >> 8) + 0.5) / 16777216.0 * 2.0 * std::numbers::pi;
    const double r = std::sqrt(-2.0 * std::log(u));
    return p % 2 == 0 ? r * std::cos(t) : r * std::sin(t);
  };
  for (uint64_t first : {uint64_t{0}, uint64_t{3}, uint64_t{1000001}, 4 * ((uint64_t{1} << 32) - 5) + 1}) {
    std::vector<float> z(301);
    s.fill_normal(first, z);
    for (size_t i = 0; i < z.size(); ++i)
      // float Box-Muller: a few ulp, more where the radius is near 0 (u near 1: log's relative error is amplified)
      ASSERT_NEAR(z[i], expected(first + i), 1e-3) << "position " << first + i;
  }
}

TEST(RandomStream, ChunkingNeverChangesANormal) {
  // Many ranges of every length and alignment: each position's value is the same as in one long fill.
  RandomStream s({9, 1, 2, 3});
  std::vector<float> whole(4000);
  s.fill_normal(0, whole);
  RandomStream cut({123, 0, 0, 0});
  uint64_t i = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const auto first = static_cast<uint64_t>(cut.uniform_at(i++) * 3000);
    const auto n = static_cast<size_t>(cut.uniform_at(i++) * 200) + 1;
    std::vector<float> part(n);
    s.fill_normal(first, part);
    for (size_t k = 0; k < n; ++k) ASSERT_EQ(part[k], whole[first + k]) << first << " + " << k;
  }
}

TEST(RandomStream, NormalMoments) {
  RandomStream s({1, 0, 0, 0});
  std::vector<float> x(200000);
  s.fill_normal(0, x);
  double m = 0, v = 0;
  for (float f : x) m += f;
  m /= x.size();
  for (float f : x) v += (f - m) * (f - m);
  v /= x.size();
  EXPECT_NEAR(m, 0.0, 0.01);  // 5 sigma of the sample mean is 0.011
  EXPECT_NEAR(v, 1.0, 0.02);
  // Third and fourth moments, and the two-sided tail beyond 2 and 3 sigma (N = 2e5; sample sd of the skewness
  // sqrt(6/N) = 0.0055, of the kurtosis sqrt(24/N) = 0.011; bounds are about 5 of those).
  double m3 = 0, m4 = 0;
  int64_t beyond2 = 0, beyond3 = 0;
  for (float f : x) {
    const double d = f - m;
    m3 += d * d * d;
    m4 += d * d * d * d;
    beyond2 += std::abs(f) > 2.0f;
    beyond3 += std::abs(f) > 3.0f;
  }
  const double n = static_cast<double>(x.size());
  EXPECT_NEAR(m3 / n / std::pow(v, 1.5), 0.0, 0.03);
  EXPECT_NEAR(m4 / n / (v * v), 3.0, 0.06);
  EXPECT_NEAR(static_cast<double>(beyond2) / n, 0.0455, 5 * std::sqrt(0.0455 / n));
  EXPECT_NEAR(static_cast<double>(beyond3) / n, 0.0027, 5 * std::sqrt(0.0027 / n));
}

TEST(RandomStream, UniformInOpenInterval) {
  RandomStream s({3, 0, 0, 0});
  std::vector<float> u(10000);
  s.fill_uniform(0, u);
  double m = 0;
  for (float f : u) {
    ASSERT_GT(f, 0.0f);
    ASSERT_LT(f, 1.0f);
    m += f;
  }
  EXPECT_NEAR(m / u.size(), 0.5, 0.01);
}
