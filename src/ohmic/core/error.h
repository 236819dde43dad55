#pragma once
// User-facing errors. Every failure caused by input (a file, a field, a node) is reported as an ohmic::Error whose
// message names the place and what would fix it. The CLI catches it and exits non-zero; nothing else aborts.
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace ohmic {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Builds "<where>: <what>" and, when given, " (fix: <fix>)".
std::string error_message(const std::string& where, const std::string& what, const std::string& fix = {});
[[noreturn]] void fail(const std::string& where, const std::string& what, const std::string& fix = {});

// A value or the reason it could not be produced (used where failure is an expected outcome, e.g. an infeasible
// mapping), as opposed to an Error, which is a bad input.
template <class T>
class Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  static Expected failure(std::string reason) { return Expected(Reason{std::move(reason)}); }
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return check(), std::get<0>(state_); }
  T& value() & { return check(), std::get<0>(state_); }
  T&& value() && { return check(), std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const std::string& reason() const { return std::get<1>(state_).text; }

 private:
  struct Reason {
    std::string text;
  };
  explicit Expected(Reason r) : state_(std::move(r)) {}
  void check() const {
    if (!ok()) throw Error(reason());
  }
  std::variant<T, Reason> state_;
};

}  // namespace ohmic
