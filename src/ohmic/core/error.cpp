#include "ohmic/core/error.h"

namespace ohmic {

std::string error_message(const std::string& where, const std::string& what, const std::string& fix) {
  std::string m = where.empty() ? what : where + ": " + what;
  if (!fix.empty()) m += " (fix: " + fix + ")";
  return m;
}

void fail(const std::string& where, const std::string& what, const std::string& fix) {
  throw Error(error_message(where, what, fix));
}

}  // namespace ohmic
