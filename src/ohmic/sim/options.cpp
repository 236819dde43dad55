#include "ohmic/sim/options.h"

#include <cstdlib>

#include "ohmic/core/error.h"

namespace ohmic::sim {

const char* sim_mode_name(SimMode m) { return m == SimMode::kIdeal ? "ideal" : "realistic"; }

SimMode sim_mode_from_name(const std::string& s) {
  if (s == "ideal") return SimMode::kIdeal;
  if (s == "realistic") return SimMode::kRealistic;
  fail("--mode '" + s + "'", "unknown simulation mode", "use ideal or realistic");
}

const char* adc_range_name(AdcRangeMode m) {
  switch (m) {
    case AdcRangeMode::kFixed: return "fixed";
    case AdcRangeMode::kLayer: return "layer";
    case AdcRangeMode::kColumn: return "column";
  }
  return "?";
}

AdcRangeMode adc_range_from_name(const std::string& s) {
  if (s == "fixed") return AdcRangeMode::kFixed;
  if (s == "layer") return AdcRangeMode::kLayer;
  if (s == "column") return AdcRangeMode::kColumn;
  fail("--adc-range '" + s + "'", "unknown ADC range mode", "use fixed, layer or column");
}

double parse_time_s(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin || v < 0 || v != v)
    fail("--time '" + text + "'", "not a non-negative time", "write a number with a unit: 1s, 10m, 1h, 1d, 1y");
  const std::string unit(end);
  double factor = 0;
  if (unit.empty() || unit == "s") factor = 1;
  else if (unit == "m" || unit == "min") factor = 60;
  else if (unit == "h") factor = 3600;
  else if (unit == "d") factor = 86400;
  else if (unit == "y") factor = 365.25 * 86400;
  else fail("--time '" + text + "'", "unknown unit '" + unit + "'", "use s, m, h, d or y");
  return v * factor;
}

}  // namespace ohmic::sim
