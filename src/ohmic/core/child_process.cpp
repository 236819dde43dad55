#include "ohmic/core/child_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

#include "ohmic/core/error.h"
#include "ohmic/core/fd_io.h"

namespace ohmic {
namespace {

// First byte of the child's message: what follows is the function's result, or an exception's message.
constexpr char kReturned = 'R', kThrew = 'T';

[[noreturn]] void child_main(const std::function<std::string()>& work, int timeout_s, int fd) {
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM}) std::signal(sig, SIG_DFL);
  if (timeout_s > 0) ::alarm(static_cast<unsigned>(timeout_s));
  std::string message;
  try {
    message = kReturned + work();
  } catch (const std::exception& e) {
    message = std::string(1, kThrew) + e.what();
  } catch (...) {
    message = std::string(1, kThrew) + "unknown exception";
  }
  write_all_fd(fd, message);
  ::close(fd);
  ::_exit(0);
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

std::string ChildResult::describe() const {
  switch (end) {
    case End::Returned: return "returned";
    case End::Threw: return "threw: " + bytes;
    case End::Exited: return "exited with status " + std::to_string(exit_status) + " without a result";
    case End::Signaled: return "crashed (signal " + std::to_string(signal) + ", " + strsignal(signal) + ")";
    case End::TimedOut: return "timed out after " + std::to_string(timeout_s) + " s";
  }
  return "ended in an unknown way";
}

ChildResult run_in_child(const std::string& where, const std::function<std::string()>& work, int timeout_s) {
  int fds[2];
  if (::pipe(fds) != 0) fail(where, std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int fork_errno = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    fail(where, std::string("cannot fork: ") + std::strerror(fork_errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_main(work, timeout_s, fds[1]);
  }
  ::close(fds[1]);
  std::string message = read_all_fd(fds[0]);
  ::close(fds[0]);
  const int status = wait_for(pid);
  ChildResult r;
  r.timeout_s = timeout_s;
  if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
    r.end = timeout_s > 0 && r.signal == SIGALRM ? ChildResult::End::TimedOut : ChildResult::End::Signaled;
    return r;
  }
  r.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (message.empty() || r.exit_status != 0) return r;  // End::Exited
  r.end = message[0] == kReturned ? ChildResult::End::Returned : ChildResult::End::Threw;
  r.bytes = message.substr(1);
  return r;
}

}  // namespace ohmic
