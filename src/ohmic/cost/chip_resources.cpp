#include "ohmic/cost/chip_resources.h"

#include <cmath>

#include <fmt/format.h>

#include "ohmic/cost/components/dram_model.h"
#include "ohmic/cost/components/host_model.h"

namespace ohmic::cost {

ChipResources chip_resources(const arch::ChipSpec& chip) {
  ChipResources r;
  r.node_nm = *chip.node_nm;
  r.vdd_v = *chip.vdd_v;
  r.clock_hz = *chip.clock_hz;
  r.tiles = chip.is_cim() ? *chip.tiles.count : 1;

  if (chip.dram.present()) {
    r.dram_kind = arch::dram_kind_name(*chip.dram.kind);
    r.dram_bandwidth_bytes_per_s = *chip.dram.bandwidth_bytes_per_s;
  } else {
    r.dram_kind = kAssumedDram;
    r.dram_bandwidth_bytes_per_s = kAssumedDramBandwidthBytesPerS;
    r.assumptions.push_back(fmt::format("no DRAM described: weights and activations that do not fit are moved from an "
                                        "assumed {} at {:.1f} GB/s",
                                        kAssumedDram, kAssumedDramBandwidthBytesPerS * 1e-9));
  }
  r.dram_energy_per_bit_j = dram_energy_per_bit_j(r.dram_kind);

  if (chip.is_cim() && chip.tiles.buffer.present()) {
    r.tile_buffer_bytes = static_cast<double>(*chip.tiles.buffer.capacity_bytes);
    r.tile_buffer_width_bits = chip.tiles.buffer.width_bits.value_or(64);
  }
  if (chip.global_buffer.present()) {
    r.global_buffer_bytes = static_cast<double>(*chip.global_buffer.capacity_bytes);
    r.global_buffer_width_bits = chip.global_buffer.width_bits.value_or(64);
    r.store_bytes = r.global_buffer_bytes;
    r.store_width_bits = r.global_buffer_width_bits;
  } else if (r.tile_buffer_bytes > 0) {
    r.store_bytes = r.tile_buffer_bytes * static_cast<double>(r.tiles);
    r.store_width_bits = r.tile_buffer_width_bits;
  } else {
    r.global_buffer_assumed = true;
    r.global_buffer_bytes = r.store_bytes = kAssumedGlobalBufferBytes;
    r.global_buffer_width_bits = r.store_width_bits = kAssumedBufferWidthBits;
    r.assumptions.push_back(fmt::format("no buffer described: an assumed {:.0f} KiB SRAM global buffer ({}-bit port) "
                                        "holds activations (its area and energy are counted)",
                                        kAssumedGlobalBufferBytes / 1024, kAssumedBufferWidthBits));
  }

  r.host_energy_per_op_j = chip.host.energy_per_op_j.value_or(host_energy_per_op_j(r.node_nm, r.vdd_v));
  r.host_ops_per_s = chip.host.ops_per_s.value_or(r.clock_hz);
  if (chip.digital_unit.present()) {
    r.digital_lanes = *chip.digital_unit.lanes;
    r.digital_lane_bits = chip.digital_unit.lane_bits.value_or(8);
    r.digital_ops_per_s = static_cast<double>(r.digital_lanes) * r.clock_hz;
  } else if (chip.host.present()) {
    r.digital_on_host = true;
    r.digital_ops_per_s = r.host_ops_per_s;
    r.assumptions.emplace_back("no digital unit described: elementwise work and dynamic matmuls run on the host CPU");
  } else {
    r.digital_lanes = kAssumedDigitalLanes;
    r.digital_ops_per_s = kAssumedDigitalLanes * r.clock_hz;
    r.assumptions.push_back(fmt::format("no digital unit or host described: an assumed {}-lane 8-bit vector unit at the "
                                        "core clock runs elementwise work and dynamic matmuls (area counted)",
                                        kAssumedDigitalLanes));
  }

  const auto noc = chip.noc.kind.value_or(arch::NocKind::kNone);
  r.noc_kind = arch::noc_kind_name(noc);
  const double t = static_cast<double>(r.tiles);
  switch (noc) {
    case arch::NocKind::kNone: r.noc_average_hops = 0; break;
    case arch::NocKind::kMesh: r.noc_average_hops = 2.0 / 3.0 * std::sqrt(t); break;  // mean Manhattan distance
    case arch::NocKind::kRing: r.noc_average_hops = t / 4; break;                     // bidirectional ring
    case arch::NocKind::kHtree: r.noc_average_hops = std::log2(std::max(2.0, t)); break;
    case arch::NocKind::kBus:
    case arch::NocKind::kCrossbar: r.noc_average_hops = 1; break;
  }
  r.noc_hop_length_mm = chip.noc.hop_length_mm.value_or(0);
  return r;
}

}  // namespace ohmic::cost
