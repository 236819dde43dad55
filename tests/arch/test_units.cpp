// Units parsing: table of accepted spellings (SI, binary prefixes, areas, micro signs) and of rejected input.
#include <gtest/gtest.h>

#include <string>

#include "ohmic/core/units.h"

namespace ohmic {
namespace {

struct Case {
  const char* text;
  Dimension dim;
  double si;
};

TEST(Units, ParsesTable) {
  const Case cases[] = {
      {"0.8 V", Dimension::kVoltage, 0.8},
      {"800 mV", Dimension::kVoltage, 0.8},
      {"200 MHz", Dimension::kFrequency, 2e8},
      {"1 GHz", Dimension::kFrequency, 1e9},
      {"32 kHz", Dimension::kFrequency, 3.2e4},
      {"22 nm", Dimension::kLength, 22e-9},
      {"1.5 mm", Dimension::kLength, 1.5e-3},
      {"3.2 mm2", Dimension::kArea, 3.2e-6},
      {"3.2 mm^2", Dimension::kArea, 3.2e-6},
      {"3.2 mm\xC2\xB2", Dimension::kArea, 3.2e-6},
      {"1596 um2", Dimension::kArea, 1596e-12},
      {"1596 \xC2\xB5m2", Dimension::kArea, 1596e-12},  // micro sign
      {"1596 \xCE\xBCm2", Dimension::kArea, 1596e-12},  // Greek mu
      {"64 KiB", Dimension::kBytes, 65536},
      {"2 MiB", Dimension::kBytes, 2097152},
      {"1 GiB", Dimension::kBytes, 1073741824},
      {"64 kB", Dimension::kBytes, 64000},
      {"64 KB", Dimension::kBytes, 64000},
      {"8 Mib", Dimension::kBytes, 1048576},
      {"64 Kib", Dimension::kBytes, 8192},
      {"100 bytes", Dimension::kBytes, 100},
      {"25 GB/s", Dimension::kBandwidth, 25e9},
      {"16 Gb/s", Dimension::kBandwidth, 2e9},
      {"1.2 pJ", Dimension::kEnergy, 1.2e-12},
      {"292 fJ", Dimension::kEnergy, 292e-15},
      {"10 uS", Dimension::kConductance, 10e-6},
      {"10 \xC2\xB5S", Dimension::kConductance, 10e-6},
      {"5.5 ns", Dimension::kTime, 5.5e-9},
      {"250 ms", Dimension::kTime, 0.25},
      {"300 W", Dimension::kPower, 300},
      {"1 mW", Dimension::kPower, 1e-3},
      {"125 TFLOPS", Dimension::kOpsPerSecond, 125e12},
      {"624 TOPS", Dimension::kOpsPerSecond, 624e12},
      {"50 GOPS", Dimension::kOpsPerSecond, 50e9},
      {"1e9 ops/s", Dimension::kOpsPerSecond, 1e9},
      {"10 fF", Dimension::kCapacitance, 10e-15},
      {"0.8V", Dimension::kVoltage, 0.8},
      {"  1.1  V ", Dimension::kVoltage, 1.1},
      {"-0.5 V", Dimension::kVoltage, -0.5},  // parsed; the loader rejects it where a value must be positive
  };
  for (const auto& c : cases) {
    const auto r = parse_quantity(c.text, c.dim);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.reason();
    EXPECT_NEAR(*r, c.si, std::abs(c.si) * 1e-12) << c.text;
  }
}

TEST(Units, RejectsWithReason) {
  struct Bad {
    const char* text;
    Dimension dim;
    const char* reason_part;
  };
  const Bad cases[] = {
      {"5 parsecs", Dimension::kLength, "unknown length unit 'parsecs'"},
      {"0.8", Dimension::kVoltage, "has no unit"},
      {"V", Dimension::kVoltage, "does not start with a number"},
      {"", Dimension::kVoltage, "does not start with a number"},
      {"200 MHz", Dimension::kVoltage, "has frequency units, but voltage units are expected"},
      {"64 KiB", Dimension::kLength, "has size units, but length units are expected"},
      {"64 KiHz", Dimension::kFrequency, "unknown frequency unit"},  // binary prefixes only for bytes
      {"3 mm", Dimension::kArea, "has length units, but area units are expected"},
      {"1 Xs", Dimension::kTime, "unknown time unit 'Xs'"},
      {"inf V", Dimension::kVoltage, "not a finite number"},
  };
  for (const auto& c : cases) {
    const auto r = parse_quantity(c.text, c.dim);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.reason().find(c.reason_part), std::string::npos) << c.text << " -> " << r.reason();
    EXPECT_NE(r.reason().find("e.g."), std::string::npos) << "no example in: " << r.reason();
  }
}

TEST(Units, CaseMatters) {
  EXPECT_NEAR(*parse_quantity("1 mW", Dimension::kPower), 1e-3, 1e-15);
  EXPECT_NEAR(*parse_quantity("1 MW", Dimension::kPower), 1e6, 1e-6);
  EXPECT_NEAR(*parse_quantity("1 mS", Dimension::kConductance), 1e-3, 1e-15);
  EXPECT_FALSE(parse_quantity("1 ms", Dimension::kConductance).ok());  // milliseconds, not millisiemens
}

TEST(Units, FormatsWithPrefixes) {
  EXPECT_EQ(format_quantity(2e8, Dimension::kFrequency), "200 MHz");
  EXPECT_EQ(format_quantity(0.8, Dimension::kVoltage), "800 mV");
  EXPECT_EQ(format_quantity(65536, Dimension::kBytes), "64 KiB");
  EXPECT_EQ(format_quantity(64000, Dimension::kBytes), "64 kB");
  EXPECT_EQ(format_quantity(12.8e9, Dimension::kBytes), "12.8 GB");
  EXPECT_EQ(format_quantity(12.8e9, Dimension::kBandwidth), "12.8 GB/s");
  EXPECT_EQ(format_quantity(3.0 * 1048576, Dimension::kBytes), "3 MiB");
  EXPECT_EQ(format_quantity(22e-9, Dimension::kLength), "22 nm");
  EXPECT_EQ(format_quantity(3.2e-6, Dimension::kArea), "3.2 mm2");
  EXPECT_EQ(format_quantity(1e-5, Dimension::kConductance), "10 uS");
  EXPECT_EQ(format_quantity(0, Dimension::kPower), "0 W");
}

TEST(Units, FormatThenParseRoundTrips) {
  for (Dimension d : all_dimensions()) {
    for (double v : {1.5e-12, 3e-7, 0.25, 7.0, 4096.0, 1.25e9, 2e13}) {
      if (d == Dimension::kArea && v > 1) continue;
      const auto back = parse_quantity(format_quantity(v, d), d);
      ASSERT_TRUE(back.ok()) << format_quantity(v, d) << ": " << back.reason();
      EXPECT_NEAR(*back, v, v * 1e-3) << format_quantity(v, d);
    }
  }
}

}  // namespace
}  // namespace ohmic
