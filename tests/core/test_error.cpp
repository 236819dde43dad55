#include <gtest/gtest.h>

#include "ohmic/core/error.h"

TEST(Error, MessageNamesPlaceAndFix) {
  try {
    ohmic::fail("chip.yaml:3 adc.bits", "must be between 1 and 16, got 40", "use a realistic ADC resolution");
    FAIL() << "fail() returned";
  } catch (const ohmic::Error& e) {
    EXPECT_STREQ(e.what(), "chip.yaml:3 adc.bits: must be between 1 and 16, got 40 (fix: use a realistic ADC resolution)");
  }
}

TEST(Expected, ValueAndReason) {
  ohmic::Expected<int> good(3);
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = ohmic::Expected<int>::failure("does not fit");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.reason(), "does not fit");
  EXPECT_THROW(bad.value(), ohmic::Error);
}
