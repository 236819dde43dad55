#pragma once
// A progress line on stderr for long work: redrawn in place on a terminal, a line every few seconds otherwise.
// Silent when OHMIC_NO_PROGRESS is set or when constructed with enabled = false.
#include <chrono>
#include <cstdint>
#include <string>

namespace ohmic {

class Progress {
 public:
  Progress(std::string label, int64_t total, bool enabled = true);
  ~Progress();
  void advance(int64_t n = 1);
  void finish();

 private:
  void draw(bool final);
  std::string label_;
  int64_t total_, done_ = 0;
  bool enabled_, tty_, finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace ohmic
