#include "ohmic/cost/components/dram_model.h"

#include <algorithm>
#include <cctype>

#include "ohmic/core/error.h"

namespace ohmic::cost {

const std::vector<DramKind>& dram_kinds() {
  static const std::vector<DramKind> kinds{
      {"hbm2", 3.97e-12, "O'Connor et al., MICRO'17: 1.21 activation + 2.54 on-die movement + 0.22 I/O"},
      {"hbm2e", 3.97e-12, "taken equal to HBM2 (same array and interface class; no separate published breakdown)"},
      {"hbm3", 4.05e-12, "MODELS.md (HBM3 ~ 4.05 pJ/bit)"},
      {"lpddr4", 8e-12, "MODELS.md (LPDDR4 ~ 8 pJ/bit)"},
      {"lpddr4x", 8e-12, "taken equal to LPDDR4 (upper bound: lower I/O voltage saves a little)"},
      {"lpddr5", 8e-12, "taken equal to LPDDR4 (upper bound; no published per-bit breakdown used here)"},
      {"lpddr5x", 8e-12, "taken equal to LPDDR4 (upper bound; no published per-bit breakdown used here)"},
      {"gddr5", 14e-12, "MODELS.md (GDDR5 ~ 14 pJ/bit)"},
      {"gddr6", 14e-12, "taken equal to GDDR5 (upper bound)"},
      {"ddr3", 70e-12, "MODELS.md (DDR3 ~ 70 pJ/bit)"},
      {"ddr4", 70e-12, "taken equal to DDR3 (upper bound)"},
      {"ddr5", 70e-12, "taken equal to DDR3 (upper bound)"},
  };
  return kinds;
}

double dram_energy_per_bit_j(const std::string& kind) {
  std::string k = kind;
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string known;
  for (const auto& d : dram_kinds()) {
    if (k == d.name) return d.energy_per_bit_j;
    known += known.empty() ? d.name : std::string(", ") + d.name;
  }
  fail("cost/dram", "unknown DRAM kind '" + kind + "'", "use one of: " + known);
}

}  // namespace ohmic::cost
