#include "ohmic/cost/components/sram_buffer.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/node_scaling.h"
#include "ohmic/cost/components/wire_model.h"

namespace ohmic::cost {
namespace {
// CACTI, 45 nm, 64 KB, 256-bit read: 51.9 pJ (MODELS.md); energy ~ depth^0.78.
constexpr double kRefReadJ = 51.9e-12;
constexpr double kRefBytes = 64.0 * 1024;
constexpr int kRefWidthBits = 256;
constexpr double kRefNodeNm = 45, kRefVddV = 1.0;
constexpr double kDepthExponent = 0.78;
// Writes drive full-swing bitlines: CACTI reports write energy close to read for these sizes; taken equal.
constexpr double kWriteOverRead = 1.0;
// Array efficiency (cell area / bank area) typical of CACTI 64–256 KB banks.
constexpr double kArrayEfficiency = 0.7;
// Leakage ≈ 20 pW per bit at nominal voltage: order of magnitude for low-power 28–65 nm SRAM (tens of pA per cell at
// ~0.9 V); high-performance processes leak 10× more. Not fitted to any chip.
constexpr double kLeakagePerBitW = 20e-12;
}  // namespace

SramCost sram_buffer(double capacity_bytes, int width_bits, double node_nm, double vdd_v) {
  if (!(capacity_bytes > 0) || width_bits <= 0)
    fail("cost/sram buffer",
         fmt::format("capacity ({} B) and access width ({} bits) must be positive", capacity_bytes, width_bits));
  const double bank_bytes = std::min(capacity_bytes, kBankBytes);
  const double scale = energy_scale(kRefNodeNm, kRefVddV, node_nm, vdd_v);
  const double bank_read_j = kRefReadJ * (static_cast<double>(width_bits) / kRefWidthBits) *
                             std::pow(bank_bytes / kRefBytes, kDepthExponent) * scale;
  const double area_mm2 = capacity_bytes * 8 * sram_6t_bitcell_um2(node_nm) * 1e-6 / kArrayEfficiency;
  // Banked buffer: the access travels about half the buffer's side to reach a bank and back out.
  const double wire_mm = capacity_bytes > kBankBytes ? std::sqrt(area_mm2) : 0.0;
  const double wire_j = wire_mm * width_bits * wire_energy_per_bit_mm_j(node_nm, vdd_v);
  SramCost c;
  c.read_energy_j = bank_read_j + wire_j;
  c.write_energy_j = bank_read_j * kWriteOverRead + wire_j;
  c.area_mm2 = area_mm2;
  c.leakage_w = capacity_bytes * 8 * kLeakagePerBitW;
  return c;
}

}  // namespace ohmic::cost
