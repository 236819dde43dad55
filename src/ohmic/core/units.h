#pragma once
// Physical quantities written with explicit units ("0.8 V", "200 MHz", "64 KiB", "3.2 mm2", "10 uS").
// parse_quantity converts to the SI base unit of the expected dimension; format_quantity prints with an engineering
// prefix. Prefixes: f p n u (also µ, μ) m k M G T P; bytes also K (=k) and the binary Ki Mi Gi Ti (x1024).
// Areas square their prefix (1 mm2 = 1e-6 m2; "mm^2" and "mm²" are accepted). Bits count as 1/8 byte ("8 Mib").
#include <string>
#include <string_view>
#include <vector>

#include "ohmic/core/error.h"

namespace ohmic {

enum class Dimension {
  kVoltage,       // V
  kFrequency,     // Hz
  kLength,        // m
  kArea,          // m2
  kBytes,         // B (b = bit = 1/8 B)
  kBandwidth,     // B/s (b/s)
  kEnergy,        // J
  kConductance,   // S
  kTime,          // s
  kPower,         // W
  kOpsPerSecond,  // ops/s (OPS, FLOPS, op/s, flop/s: "125 TFLOPS", "50 GOPS")
  kCapacitance,   // F
  kResistance,    // ohm (also Ohm, Ω)
};

const char* dimension_name(Dimension dim);    // "voltage", "frequency", ...
const char* si_unit(Dimension dim);           // "V", "Hz", "m", "m2", "B", "B/s", "J", "S", "s", "W", "ops/s", "F", "ohm"
std::string unit_example(Dimension dim);      // a correct example for error messages: "0.8 V"
std::vector<Dimension> all_dimensions();

// "<number><spaces?><unit>" -> value in the SI unit of `dim`. Fails (with a reason naming the accepted units) on a
// missing unit, an unknown unit, a unit of another dimension, or a malformed number.
Expected<double> parse_quantity(std::string_view text, Dimension dim);

// Engineering notation in the SI unit of `dim`: format_quantity(2e8, kFrequency) == "200 MHz"; sizes use a binary
// prefix when that gives a whole number below 1024 ("64 KiB"), decimal otherwise; areas print in um2/mm2.
std::string format_quantity(double value_si, Dimension dim);

}  // namespace ohmic
