#include <gtest/gtest.h>

#include <cmath>
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
