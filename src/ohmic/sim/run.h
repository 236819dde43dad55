#pragma once
// `ohmic run MODEL --chip CHIP` as a library call: compile the model for the chip, evaluate it in float (host),
// on the ideal chip (exact integers: the quantization alone) and on N simulated chips (seeds), and report accuracy
// (mean and spread over seeds), per-layer output SNR against float, the plan's action counts, and the cost of the same
// run: the Plan priced on the chip by the cost model (cost::price_mapping of cost::plan_mapping, as `ohmic estimate
// MODEL --chip` prices a model).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ohmic/cost/chip_estimate.h"
#include "ohmic/data/evaluate.h"
#include "ohmic/sim/chip_sim.h"
#include "ohmic/sim/options.h"

namespace ohmic::sim {

struct RunOptions {
  std::string model;             // .onnx path
  std::string chip;              // preset id or YAML path
  std::string data;              // data-set spec (docs/data.md)
  std::string calibration_data;  // "" = the first calibration_samples of `data`
  int64_t calibration_samples = 128;
  int64_t limit = 0, batch = 64;
  int seeds = 1;
  bool with_float = true, with_ideal = true;
  int threads = 0;
  bool progress = true;
  SimOptions sim;                // mode kRealistic for the seed runs; seed = the first seed
};

struct SeedRun {
  uint64_t seed = 0;
  data::EvalResult eval;
  std::vector<LayerReport> layers;
};

// clang-tidy 14 cannot see that the implicit move of these members (json, optionals of vectors) does not throw.
struct RunReport {  // NOLINT(bugprone-exception-escape)
  RunOptions options;
  std::string chip_id, route, data_description;
  int64_t samples = 0;
  std::optional<data::EvalResult> float_eval;
  std::optional<SeedRun> ideal;
  std::vector<SeedRun> seeds;
  double accuracy_mean = 0, accuracy_std = 0;  // over seeds (sample standard deviation; 0 for one seed)
  nlohmann::json counts;                       // compile::plan_action_counts (per batch of options.batch)
  int input_bits_min = 0, weight_bits_min = 0;  // the lowest input and weight precision over the plan's CIM layers
  cost::ChipEstimate cost;                     // the Plan priced on the simulated chip (per sample; batch options.batch)
  // Energy of the evaluated samples on the chip: energy per inference x samples (one pass, not per seed).
  double energy_total_j() const { return cost.energy_per_sample_j * static_cast<double>(samples); }
  std::vector<std::string> notes;              // device-model sources and assumptions, plan notes
};

RunReport run_on_chip(const RunOptions& options);
std::string run_report_text(const RunReport& r);
nlohmann::json run_report_json(const RunReport& r);

}  // namespace ohmic::sim
