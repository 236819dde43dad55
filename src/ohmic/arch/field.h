#pragma once
// Field<T>: one value of a chip description plus where it came from (Timeloop-style "every field knows whether it was
// given"), so reports can say "assumed" next to any number that the paper did not state.
#include <optional>
#include <string>
#include <utility>

#include "ohmic/core/error.h"

namespace ohmic::arch {

enum class Origin {
  kGiven,    // set in the YAML and taken from the cited source (paper, datasheet)
  kAssumed,  // set in the YAML, but the preset's `assumptions:` list names it: the source is silent, the author chose
  kDefault,  // not in the YAML; the loader filled a documented default (the rule is in Field::note)
  kAbsent,   // not in the YAML and no default exists: consumers decide (and say so), e.g. the cost model's constant
};

const char* origin_name(Origin origin);  // "given", "assumed", "default", "absent"

template <class T>
class Field {
 public:
  Field() = default;
  static Field given(T v, std::string where) { return Field(std::move(v), Origin::kGiven, std::move(where)); }
  static Field assumed(T v, std::string why) { return Field(std::move(v), Origin::kAssumed, std::move(why)); }
  static Field defaulted(T v, std::string rule) { return Field(std::move(v), Origin::kDefault, std::move(rule)); }
  static Field with_origin(T v, Origin o, std::string note) {
    if (o == Origin::kAbsent) return absent(note);
    return Field(std::move(v), o, std::move(note));
  }
  static Field absent(const std::string& why = {}) {
    Field f;
    f.note_ = why;
    return f;
  }

  bool has_value() const { return value_.has_value(); }
  explicit operator bool() const { return has_value(); }
  // The value; throws ohmic::Error (not UB) when absent — check has_value() or use value_or() for optional fields.
  const T& value() const {
    if (!value_) throw Error("chip spec: a field without a value was read (" + note_ + ")");
    return *value_;
  }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  T value_or(T fallback) const { return value_ ? *value_ : std::move(fallback); }

  Origin origin() const { return origin_; }
  bool was_given() const { return origin_ == Origin::kGiven; }
  // kGiven: "file:line"; kAssumed: "file:line; <why from the assumptions list>"; kDefault: the default rule.
  const std::string& note() const { return note_; }

 private:
  Field(T v, Origin o, std::string note) : value_(std::move(v)), origin_(o), note_(std::move(note)) {}
  std::optional<T> value_;
  Origin origin_ = Origin::kAbsent;
  std::string note_;
};

// The same field with its value converted by `fn` (origin and note kept); absent stays absent.
template <class U, class T, class Fn>
Field<U> map_field(const Field<T>& f, Fn fn) {
  if (!f.has_value()) return Field<U>::absent(f.note());
  return Field<U>::with_origin(fn(f.value()), f.origin(), f.note());
}

}  // namespace ohmic::arch
