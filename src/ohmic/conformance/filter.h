#pragma once
// The conformance filter file: tests skipped on purpose, one per line, each with its reason:
//   test_cast_FLOAT_to_STRING   # string tensors are outside ohmic's dtypes
// Blank lines and lines starting with '#' are ignored. A test name without a reason is an error.
#include <map>
#include <string>

namespace ohmic::conformance {

using Filter = std::map<std::string, std::string>;  // test name -> reason

Filter read_filter_file(const std::string& path);
Filter parse_filter(const std::string& text, const std::string& where);

}  // namespace ohmic::conformance
