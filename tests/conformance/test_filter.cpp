// The filter file format, and the project's filter file itself.
#include <gtest/gtest.h>

#include "ohmic/conformance/filter.h"
#include "ohmic/core/error.h"

namespace ohmic::conformance {
namespace {

TEST(ConformanceFilter, Parses) {
  Filter f = parse_filter("# comment\n\ntest_a  # needs strings\n  test_b\t# random mask  \n", "f.txt");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f.at("test_a"), "needs strings");
  EXPECT_EQ(f.at("test_b"), "random mask");
}

TEST(ConformanceFilter, RejectsEntriesWithoutReasonOrTwice) {
  try {
    parse_filter("test_a\n", "f.txt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("f.txt:1: test 'test_a' has no reason"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_filter("test_a # x\ntest_a # y\n", "f.txt"), Error);
  EXPECT_THROW(parse_filter("test_a test_b # x\n", "f.txt"), Error);
  EXPECT_THROW(read_filter_file("/nonexistent/filter.txt"), Error);
}

// The committed filter stays small: at most a tenth of the 331 node tests of our ops in libonnx-testdata 1.12.
TEST(ConformanceFilter, ProjectFilterIsSmall) {
  Filter f = read_filter_file(std::string(OHMIC_SOURCE_DIR) + "/tests/conformance/filter.txt");
  EXPECT_GT(f.size(), 0u);
  EXPECT_LE(f.size(), 33u);
}

}  // namespace
}  // namespace ohmic::conformance
