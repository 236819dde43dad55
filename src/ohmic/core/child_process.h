#pragma once
// Runs a function in a forked child process and brings back the bytes it returns, or how the child ended: a crash
// (SIGSEGV, abort, ...) or a hang in code that cannot be trusted costs one result instead of the whole process.
//
// The child resets the crash signals to their default action (so that sanitizers or other handlers installed by the
// parent do not report or survive the crash), arms a timer when a timeout is given, runs the function and sends its
// result through a pipe (core/fd_io.h), then leaves with _exit (no atexit handlers, no flushing of the parent's
// buffered streams). Fork only while no other thread runs: a forked child holds just the calling thread.
#include <functional>
#include <string>

namespace ohmic {

struct ChildResult {
  enum class End {
    Returned,  // the function returned; `bytes` is its result
    Threw,     // the function threw; `bytes` is the exception's message
    Exited,    // the child exited (status `exit_status`) without returning a result
    Signaled,  // the child was killed by signal `signal`
    TimedOut,  // the child ran past the timeout and was killed
  };
  End end = End::Exited;
  std::string bytes;
  int exit_status = 0;
  int signal = 0;
  int timeout_s = 0;
  bool returned() const { return end == End::Returned; }
  // "returned", "threw: MESSAGE", "exited with status 3 without a result", "crashed (signal 11, Segmentation
  // fault)", "timed out after 5 s".
  std::string describe() const;
};

// Runs `work` in a forked child; timeout_s > 0 kills the child after that many seconds (SIGALRM). `where` names the
// caller in the ohmic::Error thrown when no pipe or process can be made.
ChildResult run_in_child(const std::string& where, const std::function<std::string()>& work, int timeout_s = 0);

}  // namespace ohmic
