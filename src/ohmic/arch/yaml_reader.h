#pragma once
// Reading one YAML mapping of a chip description into Field<T>s: records where each value came from (file:line),
// marks fields named in the `assumptions:` list, parses units, and rejects unknown keys with a suggestion.
// Internal to ohmic_arch (the loader uses it); not part of the public API.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ohmic/arch/field.h"
#include "ohmic/arch/spec.h"
#include "ohmic/core/units.h"

namespace ohmic::arch::detail {

// State shared by all sections of one document.
struct YamlDoc {
  std::string file;                               // for messages
  std::map<std::string, std::string> assumed;     // dotted field path -> why (from `assumptions:`)
  std::set<std::string> set_paths;                // every field path the document set
  std::set<std::string> overridden;               // field paths replaced by a ChipOverride (origin "given")
};

// "did you mean 'x'?" for the closest of `candidates` within a small edit distance, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

class Section {
 public:
  // `node` may be undefined or null (an absent section reads as empty). `path` is "" for the top level.
  Section(YamlDoc& doc, const YAML::Node& node, std::string path, YAML::Mark parent_mark);

  const std::string& path() const { return path_; }
  bool present() const { return node_.IsDefined() && !node_.IsNull(); }
  bool has(const std::string& key);         // records `key` as known
  bool peek(const std::string& key) const;  // does not record it (for keys that are refused)
  Section child(const std::string& key);

  Field<int64_t> count(const std::string& key);                // an integer without unit
  Field<int> small_count(const std::string& key);              // an integer without unit, |v| <= 1e6 (bit widths)
  Field<int64_t> bytes(const std::string& key);                // a size with unit ("64 KiB"), whole bytes
  Field<double> quantity(const std::string& key, Dimension dim, double per_si = 1.0);  // value_si * per_si
  Field<std::string> text(const std::string& key);
  Field<BitRange> bit_range(const std::string& key);            // 8 or [1, 8]
  template <class E>
  Field<E> choice(const std::string& key, std::optional<E> (*parse)(std::string_view),
                  const std::vector<std::string>& names);
  // Raw access for lists (assumptions) and free maps (peak throughput).
  YAML::Node raw(const std::string& key);

  // Rejects keys that no reader asked for, suggesting the closest known key.
  void finish() const;

  std::string where(const std::string& key) const;  // "file:line" of the key (or of the section when absent)
  YAML::Mark key_mark(const std::string& key) const;
  std::string field_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  [[noreturn]] void fail_at(const std::string& key, const std::string& what, const std::string& fix) const;
  [[noreturn]] void fail_missing(const std::string& key, const std::string& example) const;

 private:
  template <class T>
  Field<T> make(const std::string& key, T value);
  std::string scalar(const std::string& key);

  YamlDoc* doc_;
  YAML::Node node_;
  std::string path_;
  YAML::Mark mark_;
  std::vector<std::string> known_;
};

std::string where_of(const YamlDoc& doc, const YAML::Mark& mark);

template <class E>
Field<E> Section::choice(const std::string& key, std::optional<E> (*parse)(std::string_view),
                         const std::vector<std::string>& names) {
  known_.push_back(key);
  if (!has(key)) return Field<E>::absent();
  const std::string value = scalar(key);
  const auto parsed = parse(value);
  if (!parsed) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    const std::string hint = did_you_mean(value, names);
    fail_at(key, "unknown value '" + value + "'", (hint.empty() ? "" : hint + " ") + "one of: " + list);
  }
  return make<E>(key, *parsed);
}

template <class T>
Field<T> Section::make(const std::string& key, T value) {
  const std::string p = field_path(key);
  doc_->set_paths.insert(p);
  if (doc_->overridden.count(p)) return Field<T>::given(std::move(value), "override " + p);
  const auto it = doc_->assumed.find(p);
  if (it != doc_->assumed.end()) return Field<T>::assumed(std::move(value), where(key) + "; " + it->second);
  return Field<T>::given(std::move(value), where(key));
}

// Required field: fail unless present.
template <class T>
const Field<T>& require(const Field<T>& f, const Section& s, const std::string& key, const std::string& example) {
  if (!f.has_value()) s.fail_missing(key, example);
  return f;
}

// Optional field with a documented default.
template <class T>
Field<T> or_default(Field<T> f, T value, std::string rule) {
  if (f.has_value()) return f;
  return Field<T>::defaulted(std::move(value), std::move(rule));
}

}  // namespace ohmic::arch::detail
