#pragma once
// Off-chip DRAM energy per bit moved, by interface kind. Bandwidth comes from the chip description.
#include <string>
#include <vector>

namespace ohmic::cost {

struct DramKind {
  const char* name;
  double energy_per_bit_j;
  const char* source;
};

// Known kinds ("hbm2", "hbm2e", "hbm3", "lpddr4", "lpddr4x", "lpddr5", "lpddr5x", "gddr5", "gddr6", "ddr3", "ddr4", "ddr5").
const std::vector<DramKind>& dram_kinds();
// Energy per bit for a kind (case-insensitive). Throws ohmic::Error naming the known kinds for an unknown one.
double dram_energy_per_bit_j(const std::string& kind);

}  // namespace ohmic::cost
