#pragma once
// The conformance filter file: tests skipped on purpose, one per line, each with its reason:
//   test_cast_FLOAT_to_STRING   # string tensors are outside ohmic's dtypes
// Blank lines and lines starting with '#' are ignored. A test name without a reason is an error.
#include <map>
#include <string>
#include <vector>

namespace ohmic::conformance {

struct FilterEntry {
  std::string reason;
  int line = 0;  // where the entry stands in its file (1-based)
};

struct Filter {
  std::string file;                             // the file it was read from, as named in messages
  std::map<std::string, FilterEntry> entries;   // test name -> reason and line
  // The entry naming this test, or nullptr when the test is not filtered.
  const FilterEntry* find(const std::string& test_name) const;
  size_t size() const { return entries.size(); }
};

Filter read_filter_file(const std::string& path);
Filter parse_filter(const std::string& text, const std::string& where);

// One warning line per entry that names none of `test_names` (a stale entry: the test was renamed or removed, or the
// filter was given with other test folders): "FILE:LINE: filter entry 'NAME' matches no test".
std::vector<std::string> stale_filter_entries(const Filter& filter, const std::vector<std::string>& test_names);

}  // namespace ohmic::conformance
