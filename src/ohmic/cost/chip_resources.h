#pragma once
// The chip-level resources the mapping and the pricing need, with every gap in the chip description filled by a
// named default that is reported as an assumption (never silently):
//   no DRAM          -> kAssumedDram (LPDDR4, one x32 channel: 12.8 GB/s) for weights/activations that do not fit;
//   no buffer at all -> kAssumedGlobalBufferBytes SRAM global buffer (counted in area);
//   no digital unit  -> the host when described, else kAssumedDigitalLanes lanes at the core clock.
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"

namespace ohmic::cost {

inline constexpr const char* kAssumedDram = "lpddr4";
inline constexpr double kAssumedDramBandwidthBytesPerS = 12.8e9;
inline constexpr double kAssumedGlobalBufferBytes = 256.0 * 1024;
inline constexpr int kAssumedBufferWidthBits = 256;
inline constexpr int kAssumedDigitalLanes = 64;

struct ChipResources {
  double node_nm = 0, vdd_v = 0, clock_hz = 0;
  // DRAM
  std::string dram_kind;
  double dram_energy_per_bit_j = 0;
  double dram_bandwidth_bytes_per_s = 0;
  // Activation store (global buffer, or the tile buffers together when there is no global buffer).
  double store_bytes = 0;
  int store_width_bits = 0;
  bool global_buffer_assumed = false;
  double global_buffer_bytes = 0;  // 0 when the chip has none (and none was assumed)
  int global_buffer_width_bits = 0;
  double tile_buffer_bytes = 0;    // per tile, 0 when absent
  int tile_buffer_width_bits = 0;
  int64_t tiles = 0;
  // Digital work (elementwise, dynamic matmuls, post-processing).
  bool digital_on_host = false;
  double digital_ops_per_s = 0;
  int digital_lane_bits = 8;
  int64_t digital_lanes = 0;
  double host_ops_per_s = 0;
  double host_energy_per_op_j = 0;
  // NoC
  std::string noc_kind;
  double noc_average_hops = 0;
  double noc_hop_length_mm = 0;  // 0 until the chip area is known (derived) unless given
  std::vector<std::string> assumptions;
};

ChipResources chip_resources(const arch::ChipSpec& chip);

}  // namespace ohmic::cost
