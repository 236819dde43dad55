#pragma once
// A small valid chip description shared by the loader tests; line numbers matter to the error tests (1-based):
//  1 name, 2 summary, 3 citation, 4 route, 5 node, 6 vdd, 7 clock, 8 assumptions, 9 its entry, 10 macro, 11 rows,
//  12 cols, 13 rows_active, 14 cell, 15 weight_bits, 16 input_bits, 17 adc, 18 tiles, 19 count, 20 macros_per_tile.
#include <string>

#include "ohmic/arch/loader.h"
#include "ohmic/core/error.h"

namespace ohmic::arch::testing {

inline const std::string kChipText =
    "name: Test chip\n"
    "summary: one line\n"
    "citation: \"nobody, nowhere\"\n"
    "route: reram\n"
    "node: \"28 nm\"\n"
    "vdd: \"0.9 V\"\n"
    "clock: \"100 MHz\"\n"
    "assumptions:\n"
    "  - {field: macro.adc.bits, why: \"paper silent\"}\n"
    "macro:\n"
    "  rows: 128\n"
    "  cols: 64\n"
    "  rows_active: 32\n"
    "  cell: 1t1r\n"
    "  weight_bits: 4\n"
    "  input_bits: [1, 8]\n"
    "  adc: {kind: sar, bits: 6, cols_per_adc: 8}\n"
    "tiles:\n"
    "  count: 4\n"
    "  macros_per_tile: 2\n";

// kChipText with the first occurrence of `from` replaced by `to`.
inline std::string with(const std::string& from, const std::string& to) {
  std::string s = kChipText;
  const auto at = s.find(from);
  if (at == std::string::npos) return "MISSING PATTERN " + from;
  return s.replace(at, from.size(), to);
}

// The loader's error message for `text` read as "t.yaml", or "NO ERROR".
inline std::string error_of(const std::string& text) {
  try {
    parse_chip_text(text, "t.yaml", "t");
  } catch (const Error& e) {
    return e.what();
  }
  return "NO ERROR";
}

}  // namespace ohmic::arch::testing
