#include "ohmic/conformance/isolated.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "ohmic/core/error.h"
#include "ohmic/core/fd_io.h"

namespace ohmic::conformance {
namespace {

char status_code(Status s) { return s == Status::Pass ? 'P' : s == Status::Skip ? 'S' : 'F'; }

[[noreturn]] void child(const std::string& dir, const Filter& filter, const Tolerance& tol, int timeout_s, int fd) {
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM}) std::signal(sig, SIG_DFL);
  if (timeout_s > 0) ::alarm(static_cast<unsigned>(timeout_s));
  CaseResult r = run_case(dir, filter, tol);
  write_all_fd(fd, std::string(1, status_code(r.status)) + r.reason);
  ::close(fd);
  ::_exit(0);
}

}  // namespace

CaseResult run_case_isolated(const std::string& dir, const Filter& filter, const Tolerance& tol, int timeout_s) {
  CaseResult r;
  r.dir = dir;
  std::filesystem::path path(dir);
  if (!path.has_filename()) path = path.parent_path();
  r.name = path.filename().string();
  if (auto it = filter.find(r.name); it != filter.end()) return run_case(dir, filter, tol);  // a SKIP; no process needed
  int fds[2];
  if (::pipe(fds) != 0) fail("conformance", std::string("cannot create a pipe: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    fail("conformance", std::string("cannot fork: ") + std::strerror(errno), "run with --no-isolate");
  }
  if (pid == 0) {
    ::close(fds[0]);
    child(dir, filter, tol, timeout_s, fds[1]);
  }
  ::close(fds[1]);
  std::string reply = read_all_fd(fds[0]);
  ::close(fds[0]);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  r.status = Status::Fail;
  if (WIFSIGNALED(wstatus)) {
    int sig = WTERMSIG(wstatus);
    r.reason = sig == SIGALRM ? "timed out after " + std::to_string(timeout_s) + " s"
                              : "crashed (signal " + std::to_string(sig) + ", " + strsignal(sig) + ")";
    return r;
  }
  if (reply.empty()) {
    r.reason = "test process ended without a result";
    return r;
  }
  r.status = reply[0] == 'P' ? Status::Pass : reply[0] == 'S' ? Status::Skip : Status::Fail;
  r.reason = reply.substr(1);
  return r;
}

}  // namespace ohmic::conformance
