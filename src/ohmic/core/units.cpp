#include "ohmic/core/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace ohmic {
namespace {

struct BaseUnit {
  const char* symbol;
  double factor;  // to the SI unit of the dimension
};

struct DimensionInfo {
  Dimension dim;
  const char* name;
  const char* si;
  const char* example;
  std::vector<BaseUnit> bases;
  bool byte_prefixes;  // K, Ki, Mi, Gi, Ti allowed
  int power;           // prefix exponent: 2 for areas
};

const std::vector<DimensionInfo>& dimension_table() {
  static const std::vector<DimensionInfo> table = {
      {Dimension::kVoltage, "voltage", "V", "0.8 V", {{"V", 1}}, false, 1},
      {Dimension::kFrequency, "frequency", "Hz", "200 MHz", {{"Hz", 1}}, false, 1},
      {Dimension::kLength, "length", "m", "22 nm", {{"m", 1}}, false, 1},
      {Dimension::kArea, "area", "m2", "3.2 mm2", {{"m2", 1}}, false, 2},
      {Dimension::kBytes, "size", "B", "64 KiB", {{"B", 1}, {"b", 0.125}, {"bytes", 1}, {"bits", 0.125}}, true, 1},
      {Dimension::kBandwidth, "bandwidth", "B/s", "25 GB/s", {{"B/s", 1}, {"b/s", 0.125}, {"bps", 0.125}}, true, 1},
      {Dimension::kEnergy, "energy", "J", "1.2 pJ", {{"J", 1}}, false, 1},
      {Dimension::kConductance, "conductance", "S", "10 uS", {{"S", 1}}, false, 1},
      {Dimension::kTime, "time", "s", "5.5 ns", {{"s", 1}}, false, 1},
      {Dimension::kPower, "power", "W", "300 W", {{"W", 1}}, false, 1},
      {Dimension::kOpsPerSecond,
       "throughput",
       "ops/s",
       "125 TOPS",
       {{"OPS", 1}, {"FLOPS", 1}, {"ops/s", 1}, {"op/s", 1}, {"OP/s", 1}, {"flop/s", 1}, {"FLOP/s", 1}},
       false,
       1},
      {Dimension::kCapacitance, "capacitance", "F", "10 fF", {{"F", 1}}, false, 1},
      {Dimension::kResistance,
       "resistance",
       "ohm",
       "2.5 ohm",
       {{"ohm", 1}, {"Ohm", 1}, {"\xCE\xA9", 1}, {"\xE2\x84\xA6", 1}},  // Greek capital omega, ohm sign
       false,
       1},
  };
  return table;
}

const DimensionInfo& info(Dimension dim) {
  for (const auto& d : dimension_table())
    if (d.dim == dim) return d;
  return dimension_table().front();  // unreachable: every enumerator has a row
}

std::optional<double> prefix_factor(std::string_view p, bool byte_prefixes) {
  static const std::array<std::pair<std::string_view, double>, 11> si = {{{"", 1},
                                                                           {"f", 1e-15},
                                                                           {"p", 1e-12},
                                                                           {"n", 1e-9},
                                                                           {"u", 1e-6},
                                                                           {"m", 1e-3},
                                                                           {"k", 1e3},
                                                                           {"M", 1e6},
                                                                           {"G", 1e9},
                                                                           {"T", 1e12},
                                                                           {"P", 1e15}}};
  for (const auto& [name, f] : si)
    if (p == name) return f;
  if (!byte_prefixes) return std::nullopt;
  static const std::array<std::pair<std::string_view, double>, 5> bin = {
      {{"K", 1e3}, {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0}}};
  for (const auto& [name, f] : bin)
    if (p == name) return f;
  return std::nullopt;
}

// Spelling variants folded to ASCII: micro sign and Greek mu -> u, superscript two and ^2 -> 2.
std::string normalize_unit(std::string_view unit) {
  std::string out;
  for (size_t i = 0; i < unit.size(); ++i) {
    const auto rest = unit.substr(i);
    if (rest.starts_with("\xC2\xB5") || rest.starts_with("\xCE\xBC")) {
      out += 'u';
      ++i;
    } else if (rest.starts_with("\xC2\xB2") || rest.starts_with("^2")) {  // both two bytes wide
      out += '2';
      ++i;
    } else {
      out += unit[i];
    }
  }
  return out;
}

// The factor to SI when `unit` is a spelling of `d`'s units.
std::optional<double> unit_factor(const DimensionInfo& d, const std::string& unit) {
  for (const auto& base : d.bases) {
    const std::string_view sym = base.symbol;
    if (unit.size() < sym.size() || unit.compare(unit.size() - sym.size(), sym.size(), sym) != 0) continue;
    const auto prefix = prefix_factor(std::string_view(unit).substr(0, unit.size() - sym.size()), d.byte_prefixes);
    if (prefix) return std::pow(*prefix, d.power) * base.factor;
  }
  return std::nullopt;
}

std::string accepted_units(const DimensionInfo& d) {
  std::string out;
  for (const auto& b : d.bases) out += (out.empty() ? "" : ", ") + std::string(b.symbol);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const char* dimension_name(Dimension dim) { return info(dim).name; }
const char* si_unit(Dimension dim) { return info(dim).si; }
std::string unit_example(Dimension dim) { return info(dim).example; }
std::vector<Dimension> all_dimensions() {
  std::vector<Dimension> out;
  for (const auto& d : dimension_table()) out.push_back(d.dim);
  return out;
}

Expected<double> parse_quantity(std::string_view text, Dimension dim) {
  const DimensionInfo& d = info(dim);
  const std::string_view s = trim(text);
  const std::string fix = fmt::format("write a number and a {} unit, e.g. '{}'", d.name, d.example);
  double value = 0;
  const char* begin = s.data();
  if (!s.empty() && s.front() == '+') ++begin;
  const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range)
    return Expected<double>::failure(fmt::format("'{}' is out of range ({})", text, fix));
  if (ec != std::errc() || begin == end)
    return Expected<double>::failure(fmt::format("'{}' does not start with a number ({})", text, fix));
  if (!std::isfinite(value))
    return Expected<double>::failure(fmt::format("'{}' is not a finite number ({})", text, fix));
  const std::string unit = normalize_unit(trim(std::string_view(end, s.data() + s.size() - end)));
  if (unit.empty())
    return Expected<double>::failure(fmt::format("'{}' has no unit ({})", text, fix));
  if (const auto f = unit_factor(d, unit)) return value * *f;
  for (const auto& other : dimension_table()) {
    if (other.dim != dim && unit_factor(other, unit))
      return Expected<double>::failure(
          fmt::format("'{}' has {} units, but {} units are expected ({})", text, other.name, d.name, fix));
  }
  return Expected<double>::failure(fmt::format("unknown {} unit '{}' in '{}' (units: {} with a prefix f p n u m k M G T P{}; {})",
                                               d.name, unit, text, accepted_units(d),
                                               d.byte_prefixes ? " Ki Mi Gi Ti" : "", fix));
}

std::string format_quantity(double value_si, Dimension dim) {
  const DimensionInfo& d = info(dim);
  const double mag = std::fabs(value_si);
  if (dim == Dimension::kBytes) {  // binary prefix when it gives a whole number below 1024 (64 KiB, 2 GiB)
    static const std::array<std::pair<const char*, double>, 4> bin = {
        {{"Ti", 1099511627776.0}, {"Gi", 1073741824.0}, {"Mi", 1048576.0}, {"Ki", 1024.0}}};
    for (const auto& [p, f] : bin)
      if (mag >= f && mag < 1024 * f && std::fmod(mag, f) == 0) return fmt::format("{:g} {}{}", value_si / f, p, d.si);
  }
  if (dim == Dimension::kArea) {
    if (mag >= 1e-6) return fmt::format("{:.4g} mm2", value_si * 1e6);
    return fmt::format("{:.4g} um2", value_si * 1e12);
  }
  static const std::array<std::pair<const char*, double>, 10> si = {{{"P", 1e15},
                                                                      {"T", 1e12},
                                                                      {"G", 1e9},
                                                                      {"M", 1e6},
                                                                      {"k", 1e3},
                                                                      {"", 1},
                                                                      {"m", 1e-3},
                                                                      {"u", 1e-6},
                                                                      {"n", 1e-9},
                                                                      {"p", 1e-12}}};
  if (mag == 0) return fmt::format("0 {}", d.si);
  for (const auto& [p, f] : si)
    if (mag >= f * (1 - 1e-12)) return fmt::format("{:.4g} {}{}", value_si / f, p, d.si);
  return fmt::format("{:.4g} f{}", value_si / 1e-15, d.si);
}

}  // namespace ohmic
