#pragma once
// Full-chip estimate: prices the action counts of a mapping with the component models and aggregates energy,
// latency (bottleneck per layer), throughput and area, with breakdowns by component and by layer.
#include <map>
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"
#include "ohmic/cost/actions.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

// Component names used in every breakdown, in report order.
const std::vector<std::string>& energy_components();  // array, dac, adc, digital, buffers, noc, dram, weight_write,
                                                       // host, leakage
const std::vector<std::string>& area_components();    // array, dac, adc, digital, buffers, digital_unit

struct LayerEstimate {
  std::string name, kind;
  int64_t repeat = 1;
  double macs = 0;                            // per sample, all repeats
  double energy_j = 0;                        // per sample, all repeats
  std::map<std::string, double> energy_by_component_j;
  double latency_s = 0;                       // whole batch, all repeats
  std::string bottleneck;                     // array | dram | buffer | digital | host
  bool weights_resident = true;
  int64_t macros_used = 0;                    // per repeat
};

struct ChipEstimate {
  std::string chip_id, workload_name;
  int64_t batch = 1;
  double macs_per_sample = 0;
  double energy_per_sample_j = 0;
  double latency_s = 0;                       // one batch
  double samples_per_s = 0;
  double effective_tops_per_w() const { return 2 * macs_per_sample / energy_per_sample_j * 1e-12; }
  double effective_tops() const { return 2 * macs_per_sample * samples_per_s * 1e-12; }
  double power_w() const { return energy_per_sample_j * samples_per_s; }
  double area_mm2 = 0;
  std::map<std::string, double> energy_by_component_j;  // per sample
  std::map<std::string, double> area_by_component_mm2;
  std::map<std::string, double> latency_by_bottleneck_s; // time of the layers each bottleneck limits
  std::vector<LayerEstimate> layers;
  int64_t macros_available = 0, macros_needed = 0;
  double weight_bits_total = 0;
  bool all_weights_resident = true;
  std::vector<std::string> assumptions;
};

// Estimates a CIM chip; throws ohmic::Error for a von Neumann chip or a layer the chip cannot hold.
ChipEstimate estimate_chip(const Workload& workload, const arch::ChipSpec& chip, int64_t batch);
// Prices an existing mapping (the compiler's Plan, converted to LayerActions, enters here).
ChipEstimate price_mapping(const MappingSummary& mapping, const arch::ChipSpec& chip, const std::string& workload_name);

// Area of the chip alone (macros, buffers, digital unit), by component, in mm².
std::map<std::string, double> chip_area_mm2(const arch::ChipSpec& chip);

}  // namespace ohmic::cost
