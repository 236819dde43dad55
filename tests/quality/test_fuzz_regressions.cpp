// Replays every checked-in fuzz input through its harness with the normal compiler: the seed corpora
// (fuzz/corpus/<harness>/) and every input that once crashed a parser (fuzz/regressions/<harness>/). Each must be
// accepted or rejected with ohmic::Error; a crash or any other exception fails the test (see fuzz/harness/harness.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "harness/harness.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFuzzDir = fs::path(OHMIC_SOURCE_DIR) / "fuzz";

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().front() != '.') out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct ReplayCount {
  int accepted = 0, rejected = 0;
};

ReplayCount replay(const ohmic::fuzz::Harness& h, const fs::path& dir) {
  ReplayCount n;
  for (const fs::path& f : files_in(dir)) {
    SCOPED_TRACE(f.string());
    std::vector<uint8_t> bytes = read_bytes(f);
    try {
      (ohmic::fuzz::run_input(h, bytes) ? n.accepted : n.rejected)++;
    } catch (const std::exception& e) {
      ADD_FAILURE() << h.name << ": " << f << " threw a non-ohmic::Error exception: " << e.what();
    }
  }
  return n;
}

class FuzzInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    ohmic::fuzz::apply_fuzz_limits();
    ASSERT_FALSE(ohmic::fuzz::harnesses().empty()) << "no fuzz harness was linked";
  }
};

// Every harness has seeds, and at least one of them parses: a harness that rejects everything would fuzz nothing
// but the first error path.
TEST_F(FuzzInputs, SeedCorpusReachesEveryParser) {
  for (const auto& h : ohmic::fuzz::harnesses()) {
    ReplayCount n = replay(h, kFuzzDir / "corpus" / h.name);
    std::printf("%s: %d seeds accepted, %d rejected\n", h.name.c_str(), n.accepted, n.rejected);
    EXPECT_GT(n.accepted + n.rejected, 0) << "fuzz/corpus/" << h.name << "/ has no seed inputs";
    EXPECT_GT(n.accepted, 0) << h.name << ": no seed in fuzz/corpus/" << h.name << "/ is accepted";
  }
}

// Inputs that once crashed, hung or leaked: all must now be handled (most are rejected with an ohmic::Error).
TEST_F(FuzzInputs, RegressionInputsAreHandled) {
  for (const auto& h : ohmic::fuzz::harnesses()) replay(h, kFuzzDir / "regressions" / h.name);
}

}  // namespace
