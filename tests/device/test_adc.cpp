#include <gtest/gtest.h>

#include <vector>

#include "ohmic/device/adc.h"

using namespace ohmic::device;

TEST(Adc, QuantizerFormula) {
  AdcTransfer a{2, 0.0, 3.0};  // 4 levels: 0, 1, 2, 3
  EXPECT_EQ(a.code(-5), 0);
  EXPECT_EQ(a.code(1.4), 1);
  EXPECT_EQ(a.code(1.6), 2);
  EXPECT_EQ(a.code(99), 3);
  EXPECT_DOUBLE_EQ(a.convert(2.2), 2.0);
}

TEST(Adc, IntegerRangeWithEnoughBitsIsLossless) {
  AdcTransfer a{8, 0.0, 255.0};
  for (int v = 0; v <= 255; ++v) EXPECT_DOUBLE_EQ(a.convert(v), v);
}

TEST(Adc, GainAndOffsetShiftCodes) {
  AdcTransfer a{8, 0.0, 255.0};
  a.offset_lsb = 1.0;
  EXPECT_EQ(a.code(10.0), 11);
  a.offset_lsb = 0;
  a.gain_error = 0.1;
  EXPECT_EQ(a.code(100.0), 110);
}

TEST(Adc, LosslessBits) {
  EXPECT_EQ(lossless_adc_bits(1, 1, 1), 1);
  EXPECT_EQ(lossless_adc_bits(256, 1, 2), 10);  // 256 * 3 = 768 -> 10 bits
  EXPECT_EQ(lossless_adc_bits(128, 1, 1), 8);   // 0..128 needs 8 bits
}

TEST(Adc, CalibratedRangeIgnoresOutliers) {
  std::vector<float> s(1000);
  for (int i = 0; i < 1000; ++i) s[i] = static_cast<float>(i % 100);
  s[0] = 1e6f;
  AdcRange r = calibrate_range(s, 0.99);
  EXPECT_LT(r.hi, 100.0);
  AdcRange full = calibrate_range(s, 1.0);
  EXPECT_EQ(full.hi, 1e6);
}
