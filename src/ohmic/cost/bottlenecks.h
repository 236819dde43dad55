#pragma once
// Bottleneck findings (docs/cost-model.md): how much of an analog macro's energy and area the ADCs take at 4-, 6-
// and 8-bit resolution (published analyses put ADCs at ~50 % of power and 30–80 % of area), how ADC energy grows
// with resolution, and how far a chip's macro peak efficiency is from its full-chip efficiency on a workload.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ohmic/arch/spec.h"
#include "ohmic/cost/chip_estimate.h"

namespace ohmic::cost {

struct AdcShare {
  std::string chip_id, route;
  int adc_bits = 0;
  double energy_share = 0;  // of the macro's energy per MVM
  double area_share = 0;    // of the macro's area
  double tops_per_w = 0;    // macro peak at this ADC resolution
};

struct AdcGrowthPoint {
  int bits = 0;
  double energy_j = 0;      // per conversion
  double area_um2 = 0;
};

struct MacroVsChip {
  std::string chip_id, workload, precision;
  double macro_tops_per_w = 0, chip_tops_per_w = 0;
  double ratio() const { return macro_tops_per_w / chip_tops_per_w; }
};

struct BottleneckFindings {
  std::vector<AdcShare> adc_shares;        // the chip at ADC bits 4, 6, 8 (analog routes only)
  double growth_node_nm = 0, growth_rate_per_s = 0;
  std::vector<AdcGrowthPoint> adc_growth;  // 4..12 bits at the chip's node, supply and ADC rate
  std::optional<MacroVsChip> macro_vs_chip;
};

// ADC shares of an analog chip at `bits` (reloads the chip's file with macro.adc.bits overridden).
std::vector<AdcShare> adc_shares(const arch::ChipSpec& chip, const std::vector<int>& bits = {4, 6, 8});
// `estimate` (optional): the chip's estimate for a workload, compared with its macro peak at the same precision.
BottleneckFindings bottleneck_findings(const arch::ChipSpec& chip, const ChipEstimate* estimate = nullptr);

std::string bottleneck_text(const BottleneckFindings& f);
nlohmann::json bottleneck_json(const BottleneckFindings& f);

}  // namespace ohmic::cost
