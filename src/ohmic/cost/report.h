#pragma once
// Printing estimate reports: readable text for the terminal and JSON with stable keys (docs/json.md).
#include <string>

#include <nlohmann/json.hpp>

#include "ohmic/cost/estimate.h"

namespace ohmic::cost {

std::string estimate_text(const EstimateReport& r, bool per_layer = true);
nlohmann::json estimate_json(const EstimateReport& r);
nlohmann::json macro_peak_json(const MacroPeak& p);
nlohmann::json chip_estimate_json(const ChipEstimate& e);

}  // namespace ohmic::cost
