#include "ohmic/conformance/filter.h"

#include <set>
#include <sstream>

#include "ohmic/core/error.h"
#include "ohmic/core/text_file.h"

namespace ohmic::conformance {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

const FilterEntry* Filter::find(const std::string& test_name) const {
  auto it = entries.find(test_name);
  return it == entries.end() ? nullptr : &it->second;
}

Filter parse_filter(const std::string& text, const std::string& where) {
  Filter filter;
  filter.file = where;
  std::istringstream in(text);
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string at = where + ":" + std::to_string(line_no);
    size_t hash = t.find('#');
    std::string name = trim(t.substr(0, hash));
    std::string reason = hash == std::string::npos ? "" : trim(t.substr(hash + 1));
    if (name.find_first_of(" \t") != std::string::npos)
      fail(at, "'" + name + "' is not one test name", "write one test per line: `test_name  # reason`");
    if (reason.empty()) fail(at, "test '" + name + "' has no reason", "write `" + name + "  # why it is skipped`");
    if (!filter.entries.emplace(name, FilterEntry{reason, line_no}).second)
      fail(at, "test '" + name + "' is listed twice", "remove one line");
  }
  return filter;
}

Filter read_filter_file(const std::string& path) {
  return parse_filter(read_text_file(path, "filter file"), path);
}

std::vector<std::string> stale_filter_entries(const Filter& filter, const std::vector<std::string>& test_names) {
  const std::set<std::string> names(test_names.begin(), test_names.end());
  std::vector<std::string> warnings;
  for (const auto& [name, entry] : filter.entries)
    if (!names.count(name))
      warnings.push_back(filter.file + ":" + std::to_string(entry.line) + ": filter entry '" + name +
                         "' matches no test");
  return warnings;
}

}  // namespace ohmic::conformance
