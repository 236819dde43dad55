// The filter file format, and the project's filter file itself.
#include <gtest/gtest.h>

#include "ohmic/conformance/filter.h"
#include "ohmic/core/error.h"

namespace ohmic::conformance {
namespace {

TEST(ConformanceFilter, Parses) {
  Filter f = parse_filter("# comment\n\ntest_a  # needs strings\n  test_b\t# random mask  \n", "f.txt");
  ASSERT_EQ(f.size(), 2u);
  ASSERT_NE(f.find("test_a"), nullptr);
  EXPECT_EQ(f.find("test_a")->reason, "needs strings");
  EXPECT_EQ(f.find("test_a")->line, 3);
  EXPECT_EQ(f.find("test_b")->reason, "random mask");
  EXPECT_EQ(f.find("test_b")->line, 4);
  EXPECT_EQ(f.find("test_c"), nullptr);
}

// Entries naming no test found are reported with file and line, one line each; matching entries are not.
TEST(ConformanceFilter, StaleEntriesNameFileAndLine) {
  Filter f = parse_filter("test_a  # x\n# comment\ntest_gone  # renamed upstream\ntest_b # y\ntest_old # z\n", "f.txt");
  EXPECT_EQ(stale_filter_entries(f, {"test_a", "test_b", "test_c"}),
            (std::vector<std::string>{"f.txt:3: filter entry 'test_gone' matches no test",
                                      "f.txt:5: filter entry 'test_old' matches no test"}));
  EXPECT_TRUE(stale_filter_entries(f, {"test_a", "test_b", "test_gone", "test_old"}).empty());
  EXPECT_TRUE(stale_filter_entries(Filter{}, {"test_a"}).empty());
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
