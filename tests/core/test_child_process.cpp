// run_in_child: a child's returned bytes, its exception, its exit status, the signal that killed it, a timeout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "ohmic/core/child_process.h"

namespace ohmic {
namespace {

TEST(ChildProcess, ReturnsTheChildsBytes) {
  std::string big(300000, 'x');  // more than a pipe buffer holds
  big[1] = '\0';
  ChildResult r = run_in_child("test", [&] { return big; });
  ASSERT_TRUE(r.returned()) << r.describe();
  EXPECT_EQ(r.bytes, big);
  EXPECT_EQ(r.describe(), "returned");
}

TEST(ChildProcess, ReportsAnExceptionsMessage) {
  ChildResult r = run_in_child("test", []() -> std::string { throw std::runtime_error("bad model"); });
  EXPECT_EQ(r.end, ChildResult::End::Threw);
  EXPECT_EQ(r.bytes, "bad model");
  EXPECT_EQ(r.describe(), "threw: bad model");
}

TEST(ChildProcess, ReportsTheExitStatus) {
  ChildResult r = run_in_child("test", []() -> std::string { ::_exit(3); });
  EXPECT_EQ(r.end, ChildResult::End::Exited);
  EXPECT_EQ(r.exit_status, 3);
  EXPECT_EQ(r.describe(), "exited with status 3 without a result");
}

TEST(ChildProcess, ReportsTheSignalOfACrash) {
  ChildResult r = run_in_child("test", []() -> std::string {
    std::raise(SIGSEGV);  // what a wild pointer would do, without undefined behaviour in the test
    return "survived";
  });
  EXPECT_EQ(r.end, ChildResult::End::Signaled);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_NE(r.describe().find("crashed (signal " + std::to_string(SIGSEGV) + ", "), std::string::npos) << r.describe();
  ChildResult aborted = run_in_child("test", []() -> std::string { std::abort(); });
  EXPECT_EQ(aborted.signal, SIGABRT);
}

TEST(ChildProcess, KillsAChildPastItsTimeout) {
  ChildResult r = run_in_child("test", []() -> std::string {
    for (;;) ::pause();
  }, 1);
  EXPECT_EQ(r.end, ChildResult::End::TimedOut);
  EXPECT_EQ(r.describe(), "timed out after 1 s");
}

}  // namespace
}  // namespace ohmic
