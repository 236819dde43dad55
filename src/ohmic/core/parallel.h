#pragma once
// Threading through TBB. Work is split into fixed chunks that each write their own output range, so results do not
// depend on the number of threads.
#include <cstdint>
#include <functional>
#include <memory>

namespace ohmic {

// Limits the threads used by TBB (and oneDNN where it runs on TBB) while the returned guard lives. 0 = all cores.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads);
  ~ThreadLimit();
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Calls body(begin, end) over [0, n) in chunks of `grain` (the last may be shorter), possibly in parallel.
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body);

int hardware_threads();

}  // namespace ohmic
