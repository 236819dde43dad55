#pragma once
// The resolved spec as rows (dotted field path, value with unit, origin, note) — the one flattening used by
// `ohmic chips show`, JSON output and reports that mark assumed values.
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"

namespace ohmic::arch {

struct SpecRow {
  std::string field;   // dotted YAML path: "macro.adc.bits"
  std::string value;   // with unit: "8", "0.8 V", "64 KiB", "[1, 8]"
  Origin origin;
  std::string note;    // file:line (given), file:line; why (assumed), default rule (default)
};

// Every field that has a value, in document order (absent fields are left out).
std::vector<SpecRow> spec_rows(const ChipSpec& spec);

// Human-readable listing: header (name, route, citation), then one line per field with a marker:
// "  " given, "A " assumed, "D " default; then the assumptions list.
std::string describe_chip(const ChipSpec& spec);

}  // namespace ohmic::arch
