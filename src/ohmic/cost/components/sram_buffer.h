#pragma once
// On-chip SRAM buffers (CACTI-derived). A buffer of `capacity_bytes` is built from banks of at most kBankBytes; an
// access of `width_bits` reads one bank and crosses half the buffer's side on wires (wire_model.h).
//   E_bank(width, bank bytes) = 51.9 pJ · (width / 256) · (bank bytes / 64 KB)^0.78 at 45 nm, 1.0 V
//   (CACTI 45 nm 64 KB 256-bit read = 51.9 pJ; growth ~ depth^0.78; both as quoted in MODELS.md),
//   scaled to node and voltage with Stillmaker & Baas.
// Area: 6T bitcells (node_scaling.h) over an array efficiency of 0.7 (CACTI-typical for 64–256 KB banks).
// Leakage: kLeakagePerBitW at nominal voltage (order-of-magnitude, see source comment in the .cpp).
namespace ohmic::cost {

inline constexpr double kBankBytes = 256.0 * 1024;

struct SramCost {
  double read_energy_j = 0;   // per access of width_bits
  double write_energy_j = 0;  // per access of width_bits
  double area_mm2 = 0;
  double leakage_w = 0;
};

SramCost sram_buffer(double capacity_bytes, int width_bits, double node_nm, double vdd_v);

}  // namespace ohmic::cost
