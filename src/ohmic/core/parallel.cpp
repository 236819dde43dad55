#include "ohmic/core/parallel.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <thread>

namespace ohmic {

struct ThreadLimit::Impl {
  std::unique_ptr<tbb::global_control> control;
};

ThreadLimit::ThreadLimit(int threads) : impl_(std::make_unique<Impl>()) {
  if (threads > 0)
    impl_->control = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                           static_cast<size_t>(threads));
}
ThreadLimit::~ThreadLimit() = default;

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& body) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
  const int64_t chunks = (n + grain - 1) / grain;
  if (chunks == 1) {
    body(0, n);
    return;
  }
  tbb::parallel_for(int64_t{0}, chunks, [&](int64_t c) {
    int64_t b = c * grain;
    body(b, std::min(n, b + grain));
  });
}

int hardware_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace ohmic
