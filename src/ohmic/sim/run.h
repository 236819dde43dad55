#pragma once
// `ohmic run MODEL --chip CHIP` as a library call: compile the model for the chip, evaluate it in float (host),
// on the ideal chip (exact integers: the quantization alone) and on N simulated chips (seeds), and report accuracy
// (mean and spread over seeds), per-layer output SNR against float, and the plan's action counts.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  std::vector<std::string> notes;              // device-model sources and assumptions, plan notes
};

RunReport run_on_chip(const RunOptions& options);
std::string run_report_text(const RunReport& r);
nlohmann::json run_report_json(const RunReport& r);

}  // namespace ohmic::sim
