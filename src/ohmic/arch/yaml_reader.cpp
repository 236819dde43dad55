#include "ohmic/arch/yaml_reader.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace ohmic::arch::detail {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;  // tolerate ~1 typo per 3 letters, at least 2
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best.empty() ? "" : "did you mean '" + best + "'?";
}

std::string where_of(const YamlDoc& doc, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return doc.file;
  return fmt::format("{}:{}", doc.file, mark.line + 1);
}

Section::Section(YamlDoc& doc, const YAML::Node& node, std::string path, YAML::Mark parent_mark)
    : doc_(&doc), node_(node), path_(std::move(path)), mark_(parent_mark) {
  if (present()) {
    if (!node_.IsMap())
      fail(where_of(doc, node_.Mark()), (path_.empty() ? std::string("document") : path_) + ": expected a mapping",
           "write 'key: value' lines (see docs/chip-format.md)");
    if (mark_.is_null()) mark_ = node_.Mark();
  }
}

bool Section::has(const std::string& key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
  return peek(key) && !node_[key].IsNull();
}

bool Section::peek(const std::string& key) const {
  if (!present()) return false;
  const YAML::Node v = node_[key];
  return v.IsDefined();
}

Section Section::child(const std::string& key) {
  const bool here = has(key);
  // Messages about the section point at its key ("macro:"), or at the parent when it is absent.
  return Section(*doc_, here ? node_[key] : YAML::Node(YAML::NodeType::Undefined), field_path(key), key_mark(key));
}

YAML::Node Section::raw(const std::string& key) {
  if (!has(key)) return YAML::Node(YAML::NodeType::Undefined);
  return node_[key];
}

std::string Section::where(const std::string& key) const {
  return where_of(*doc_, key_mark(key));
}

YAML::Mark Section::key_mark(const std::string& key) const {
  if (present())
    for (const auto& kv : node_)
      if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.first.Mark();
  return mark_;
}

void Section::fail_at(const std::string& key, const std::string& what, const std::string& fix) const {
  fail(where(key), field_path(key) + ": " + what, fix);
}

void Section::fail_missing(const std::string& key, const std::string& example) const {
  fail(where(key), field_path(key) + ": missing required field",
       path_.empty() ? fmt::format("add '{}: {}'", key, example)
                     : fmt::format("add '{}: {}' under '{}'", key, example, path_));
}

std::string Section::scalar(const std::string& key) {
  const YAML::Node v = node_[key];
  if (!v.IsScalar()) fail_at(key, "expected a single value, found a list or mapping", "write 'key: value'");
  return v.Scalar();
}

Field<int64_t> Section::count(const std::string& key) {
  if (!has(key)) return Field<int64_t>::absent();
  const std::string s = scalar(key);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    fail_at(key, "'" + s + "' is not a whole number", "write a plain integer without unit, e.g. '" + key + ": 256'");
  return make<int64_t>(key, v);
}

Field<int> Section::small_count(const std::string& key) {
  const Field<int64_t> v = count(key);
  if (v.has_value() && (*v > 1000000 || *v < -1000000))
    fail_at(key, fmt::format("{} is far out of range", *v), "use a small integer (a bit width or a count)");
  return map_field<int>(v, [](int64_t x) { return static_cast<int>(x); });
}

Field<int64_t> Section::bytes(const std::string& key) {
  const Field<double> v = quantity(key, Dimension::kBytes);
  if (v.has_value() && (*v < 0 ? -*v : *v) > 9.0e18) fail_at(key, "size out of range", "use a size below 8 EiB");
  if (v.has_value() && *v != static_cast<double>(static_cast<int64_t>(*v)))
    fail_at(key, fmt::format("{} bytes is not a whole number of bytes", *v), "give a size in whole bytes");
  return map_field<int64_t>(v, [](double x) { return static_cast<int64_t>(x); });
}

Field<double> Section::quantity(const std::string& key, Dimension dim, double per_si) {
  if (!has(key)) return Field<double>::absent();
  const std::string s = scalar(key);
  const auto parsed = parse_quantity(s, dim);
  if (!parsed) fail_at(key, parsed.reason(), fmt::format("e.g. '{}: \"{}\"'", key, unit_example(dim)));
  return make<double>(key, *parsed * per_si);
}

Field<std::string> Section::text(const std::string& key) {
  if (!has(key)) return Field<std::string>::absent();
  return make<std::string>(key, scalar(key));
}

Field<BitRange> Section::bit_range(const std::string& key) {
  if (!has(key)) return Field<BitRange>::absent();
  const YAML::Node v = node_[key];
  auto to_int = [&](const YAML::Node& n) {
    int out = 0;
    const std::string s = n.IsScalar() ? n.Scalar() : "";
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
      fail_at(key, "'" + s + "' is not a bit count", "write e.g. '" + key + ": 8' or '" + key + ": [1, 8]'");
    return out;
  };
  BitRange r;
  if (v.IsScalar()) {
    r.min = r.max = to_int(v);
  } else if (v.IsSequence() && v.size() == 2) {
    r.min = to_int(v[0]);
    r.max = to_int(v[1]);
  } else {
    fail_at(key, "expected a bit count or a [min, max] pair", "write e.g. '" + key + ": 8' or '" + key + ": [1, 8]'");
  }
  if (r.min < 1 || r.max > 32 || r.min > r.max)
    fail_at(key, fmt::format("bits [{}, {}] out of range", r.min, r.max), "use 1 <= min <= max <= 32");
  return make<BitRange>(key, r);
}

void Section::finish() const {
  if (!present()) return;
  for (const auto& kv : node_) {
    const std::string key = kv.first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string hint = did_you_mean(key, known_);
    std::string list;
    for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
    std::string fix = hint.empty() ? std::string() : hint + " ";
    fix += "known fields here: ";
    fix += list;
    fail(where_of(*doc_, kv.first.Mark()), field_path(key) + ": unknown field", fix);
  }
}


}  // namespace ohmic::arch::detail
