#include "ohmic/sim/run.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/compile/counting.h"
#include "ohmic/compile/plan_json.h"
#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/data/host_eval.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::sim {

namespace {

data::EvalResult evaluate_chip(const graph::Graph& g, const arch::ChipSpec& chip, const compile::Plan& plan,
                               const SimOptions& sim, const graph::Tensor& calibration, data::Dataset& data,
                               const data::EvalOptions& eval, std::vector<LayerReport>* layers) {
  ChipSimulator simulator(g, chip, plan, sim);
  simulator.calibrate(calibration);
  data::EvalResult r = data::evaluate(data, [&](const graph::Tensor& x) { return simulator.forward(x); }, eval);
  *layers = simulator.layer_reports();
  return r;
}

}  // namespace

RunReport run_on_chip(const RunOptions& o) {
  if (o.seeds < 1) fail("--seeds", "needs at least one seed");
  ThreadLimit limit(o.threads);
  RunReport r;
  r.options = o;
  graph::Graph g = onnx::import_model(o.model);
  g.name = std::filesystem::path(o.model).stem().string();
  const arch::ChipSpecPtr chip = arch::load_chip(o.chip);
  r.chip_id = chip->id;
  r.route = arch::route_name(chip->route);
  if (arch::is_von_neumann(chip->route))
    fail(o.chip, "is a von Neumann baseline (" + r.route + "), not a CIM chip", "pick a CIM preset (`ohmic chips`)");
  compile::CompileOptions copts;
  copts.batch = o.batch;
  Expected<compile::Plan> plan = compile::compile(g, *chip, copts);
  arch::ChipSpecPtr sim_chip = chip;
  if (!plan && plan.reason().find("no DRAM") != std::string::npos) {
    // Too few arrays to hold the model and no DRAM to reload from: the functional result does not depend on how
    // many arrays there are, so simulate the same macro on a chip with enough tiles, and say so.
    sim_chip = arch::with_overrides(*chip, {{"tiles.count", "4096"}});
    plan = compile::compile(g, *sim_chip, copts);
    if (plan)
      r.notes.push_back("sim: " + chip->id + " cannot hold the model's weights and has no DRAM; simulated with 4096 "
                        "tiles of its macro (accuracy is unaffected; the counts are for that enlarged chip)");
  }
  if (!plan) fail(o.model, "cannot be mapped onto " + chip->id + ": " + plan.reason());
  r.counts = compile::action_counts_to_json(compile::plan_action_counts(*plan));
  for (const std::string& n : plan->notes) r.notes.push_back("plan: " + n);
  for (const std::string& n : simulated_device(*chip, o.sim).notes) r.notes.push_back("device: " + n);

  auto data = data::open_dataset(o.data);
  {
    data::HostModel host(o.model);
    host.check_fits(*data);
  }
  r.data_description = data->description();
  auto calib_set = o.calibration_data.empty() ? nullptr : data::open_dataset(o.calibration_data);
  data::Dataset& calib_source = calib_set ? *calib_set : *data;
  const graph::Tensor calibration = calib_source.read(0, o.calibration_samples).images;

  data::EvalOptions eval;
  eval.limit = o.limit;
  eval.batch = o.batch;
  eval.progress = o.progress;
  if (o.with_float) {
    data::HostModel host(o.model);
    r.float_eval = data::evaluate(*data, host.forward_fn(), eval);
    r.samples = r.float_eval->samples;
  }
  if (o.with_ideal) {
    SeedRun ideal;
    SimOptions s = o.sim;
    s.mode = SimMode::kIdeal;
    ideal.seed = s.seed;
    ideal.eval = evaluate_chip(g, *sim_chip, *plan, s, calibration, *data, eval, &ideal.layers);
    r.samples = ideal.eval.samples;
    r.ideal = ideal;
  }
  double sum = 0, sum2 = 0;
  for (int k = 0; k < o.seeds; ++k) {
    SeedRun run;
    SimOptions s = o.sim;
    s.seed = o.sim.seed + static_cast<uint64_t>(k);
    run.seed = s.seed;
    run.eval = evaluate_chip(g, *sim_chip, *plan, s, calibration, *data, eval, &run.layers);
    r.samples = run.eval.samples;
    sum += run.eval.accuracy;
    sum2 += run.eval.accuracy * run.eval.accuracy;
    r.seeds.push_back(std::move(run));
  }
  const double n = o.seeds;
  r.accuracy_mean = sum / n;
  r.accuracy_std = o.seeds > 1 ? std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1))) : 0.0;
  return r;
}

std::string run_report_text(const RunReport& r) {
  std::string s;
  const SimOptions& so = r.options.sim;
  s += fmt::format("model       {}\n", r.options.model);
  s += fmt::format("chip        {} (route {})\n", r.chip_id, r.route);
  s += fmt::format("data        {}: {} samples\n", r.data_description, r.samples);
  s += fmt::format("simulated   {} mode, t = {} s after programming, ADC range {}, read noise {}, programming noise {}"
                   ", drift compensation {}\n",
                   sim_mode_name(so.mode), so.time_s, adc_range_name(so.adc_range), so.read_noise ? "on" : "off",
                   so.programming_noise ? "on" : "off", so.drift_compensation ? "on" : "off");
  if (r.float_eval) s += fmt::format("float       accuracy {:.4f}\n", r.float_eval->accuracy);
  if (r.ideal) s += fmt::format("ideal chip  accuracy {:.4f} (exact integers: quantization only)\n", r.ideal->eval.accuracy);
  if (!r.seeds.empty()) {
    s += fmt::format("{:<11} accuracy {:.4f} +- {:.4f} over {} seed(s):", sim_mode_name(so.mode), r.accuracy_mean,
                     r.accuracy_std, r.seeds.size());
    for (const SeedRun& k : r.seeds) s += fmt::format(" {:.4f}", k.eval.accuracy);
    s += fmt::format("\nthroughput  {:.1f} images/s simulated (seed {})\n", r.seeds.front().eval.images_per_s,
                     r.seeds.front().seed);
    s += "layer SNR against float (dB, first seed; input scale, drift alpha):\n";
    for (const LayerReport& l : r.seeds.front().layers)
      s += fmt::format("  {:<28} {:>7.2f}  s_x {:.4g}  alpha {:.4f}{}\n", l.name, l.snr_db, l.input_scale,
                       l.drift_alpha, l.uses_adc ? "" : "  (no ADC)");
  }
  if (r.counts.contains("cim")) {
    const auto& c = r.counts["cim"];
    s += fmt::format("counts      per batch of {}: {} MACs, {} array reads, {} ADC conversions (cost: `ohmic estimate`; "
                     "pricing a Plan is not wired yet)\n",
                     r.options.batch, c.value("macs", 0LL), c.value("array_reads", 0LL), c.value("adc_conversions", 0LL));
  }
  for (const std::string& n : r.notes) s += "note: " + n + "\n";
  return s;
}

nlohmann::json run_report_json(const RunReport& r) {
  using nlohmann::json;
  const SimOptions& so = r.options.sim;
  auto layers_json = [](const std::vector<LayerReport>& ls) {
    json a = json::array();
    for (const LayerReport& l : ls)
      a.push_back({{"name", l.name},
                   {"snr_db", std::isfinite(l.snr_db) ? json(l.snr_db) : json(nullptr)},
                   {"input_scale", l.input_scale},
                   {"drift_alpha", l.drift_alpha},
                   {"uses_adc", l.uses_adc},
                   {"exact_cells", l.exact_cells}});
    return a;
  };
  json seeds = json::array();
  for (const SeedRun& k : r.seeds)
    seeds.push_back({{"seed", k.seed}, {"accuracy", k.eval.accuracy}, {"correct", k.eval.correct},
                     {"images_per_s", k.eval.images_per_s}, {"layers", layers_json(k.layers)}});
  json j = {
      {"model", r.options.model},
      {"chip", r.chip_id},
      {"route", r.route},
      {"data", r.options.data},
      {"data_description", r.data_description},
      {"executor", "sim"},
      {"samples", r.samples},
      {"batch", r.options.batch},
      {"sim",
       {{"mode", sim_mode_name(so.mode)},
        {"time_s", so.time_s},
        {"seed", so.seed},
        {"read_noise", so.read_noise},
        {"programming_noise", so.programming_noise},
        {"fault_rate", so.fault_rate ? json(*so.fault_rate) : json(nullptr)},
        {"drift_compensation", so.drift_compensation},
        {"adc_range", adc_range_name(so.adc_range)},
        {"adc_percentile", so.adc_percentile},
        {"calibration_data", r.options.calibration_data.empty() ? r.options.data : r.options.calibration_data},
        {"calibration_samples", r.options.calibration_samples}}},
      {"accuracy_float", r.float_eval ? json(r.float_eval->accuracy) : json(nullptr)},
      {"accuracy_ideal", r.ideal ? json(r.ideal->eval.accuracy) : json(nullptr)},
      {"accuracy_mean", r.accuracy_mean},
      {"accuracy_std", r.accuracy_std},
      {"seeds", seeds},
      {"counts", r.counts},
      {"notes", r.notes},
  };
  return j;
}

}  // namespace ohmic::sim
