#include "ohmic/sim/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "ohmic/arch/loader.h"
#include "ohmic/compile/compile.h"
#include "ohmic/compile/counting.h"
#include "ohmic/compile/plan_json.h"
#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/core/units.h"
#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/plan_mapping.h"
#include "ohmic/cost/report.h"
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

// The Plan priced by the cost model, as `ohmic estimate MODEL --chip` prices it (cost::estimate_model).
cost::ChipEstimate price_plan(const compile::Plan& plan, const arch::ChipSpec& chip, const std::string& name) {
  return cost::price_mapping(cost::plan_mapping(plan, chip, cost::chip_resources(chip)), chip, name);
}

// One note per seed run whose digital accumulator saturated: the integer description overflowed.
void note_saturation(const SeedRun& run, std::vector<std::string>& notes) {
  int layers = 0, bits = 0;
  double worst = 0;
  for (const LayerReport& l : run.layers)
    if (l.saturated_outputs > 0) {
      ++layers;
      bits = l.accumulator_bits;
      worst = std::max(worst, l.saturated_fraction());
    }
  if (layers == 0) return;
  notes.push_back(fmt::format(
      "sim: seed {}: {} of {} CIM layers saturate the chip's {}-bit accumulator (up to {:.1f}% of a layer's outputs "
      "clipped): the realistic accuracy is that of the chip's integer description with clipping; the ideal-chip "
      "accuracy has no accumulator limit",
      run.seed, layers, run.layers.size(), bits, 100 * worst));
}

// The ideal chip far below float: the chip's precision, not its physics, costs the accuracy; say so.
void note_quantization_loss(RunReport& r) {
  constexpr double kNotable = 0.05;  // accuracy points lost to quantization alone worth a note
  if (!r.float_eval || !r.ideal || r.ideal->eval.accuracy >= r.float_eval->accuracy - kNotable) return;
  r.notes.push_back(fmt::format(
      "sim: the ideal chip (exact integers) loses {:.1f} points against float: quantizing to the chip's precision "
      "(down to {}-bit inputs and {}-bit weights; post-training quantization, no retraining) costs it, before "
      "any device effect",
      100 * (r.float_eval->accuracy - r.ideal->eval.accuracy), r.input_bits_min, r.weight_bits_min));
}

std::string cost_text(const RunReport& r) {
  const cost::ChipEstimate& c = r.cost;
  if (c.energy_per_sample_j <= 0) return "";
  std::string s = fmt::format(
      "cost        per inference (plan batch {}): {}, latency {} per batch, {:.4g} inferences/s, effective {:.4g} "
      "TOPS/W\n            energy per inference by component:\n",
      c.batch, format_quantity(c.energy_per_sample_j, Dimension::kEnergy), format_quantity(c.latency_s, Dimension::kTime),
      c.samples_per_s, c.effective_tops_per_w());
  for (const std::string& k : cost::energy_components()) {
    const auto it = c.energy_by_component_j.find(k);
    if (it == c.energy_by_component_j.end() || it->second <= 0) continue;
    s += fmt::format("              {:<14}{:>12} {:5.1f}%\n", k, format_quantity(it->second, Dimension::kEnergy),
                     100 * it->second / c.energy_per_sample_j);
  }
  s += fmt::format("            {} evaluated samples: {} on the chip\n", r.samples,
                   format_quantity(r.energy_total_j(), Dimension::kEnergy));
  return s;
}

// null when the plan could not be priced (a note says why).
nlohmann::json cost_json(const RunReport& r) {
  if (r.cost.energy_per_sample_j <= 0) return nullptr;
  nlohmann::json j = cost::chip_estimate_json(r.cost);
  j["samples"] = r.samples;
  j["energy_total_j"] = r.energy_total_j();
  return j;
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
                        "tiles of its macro (accuracy is unaffected; the counts and the cost are for that enlarged chip)");
  }
  if (!plan) fail(o.model, "cannot be mapped onto " + chip->id + ": " + plan.reason());
  r.counts = compile::action_counts_to_json(compile::plan_action_counts(*plan));
  try {
    r.cost = price_plan(*plan, *sim_chip, g.name);
  } catch (const Error& e) {  // the accuracy does not depend on the price: report it without one
    r.notes.push_back(std::string("cost: the plan could not be priced: ") + e.what());
  }
  for (const std::string& n : plan->notes) r.notes.push_back("plan: " + n);
  for (const compile::LayerPlan& l : plan->layers) {
    r.input_bits_min = r.input_bits_min == 0 ? l.encoding.input_bits : std::min(r.input_bits_min, l.encoding.input_bits);
    r.weight_bits_min =
        r.weight_bits_min == 0 ? l.encoding.weight_bits : std::min(r.weight_bits_min, l.encoding.weight_bits);
  }
  const device::DeviceParams device = simulated_device(*chip, o.sim);
  for (const std::string& n : device.notes) r.notes.push_back("device: " + n);
  if (device.analog && device.r_wire_ohm > 0 && o.sim.mode == SimMode::kRealistic)
    r.notes.push_back(o.sim.ir_drop ? fmt::format("sim: IR drop on ({:.3g} ohm per wire segment; --no-ir-drop for ideal wires{})",
                                                  device.r_wire_ohm,
                                                  o.sim.ir_drop_compensation ? ", IR-drop-aware programming on"
                                                                             : ", --ir-drop-compensation for IR-drop-aware programming")
                                    : "sim: IR drop off (--no-ir-drop)");

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
    note_quantization_loss(r);
  }
  double sum = 0, sum2 = 0;
  for (int k = 0; k < o.seeds; ++k) {
    SeedRun run;
    SimOptions s = o.sim;
    s.seed = o.sim.seed + static_cast<uint64_t>(k);
    run.seed = s.seed;
    run.eval = evaluate_chip(g, *sim_chip, *plan, s, calibration, *data, eval, &run.layers);
    r.samples = run.eval.samples;
    note_saturation(run, r.notes);
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
      s += fmt::format("  {:<28} {:>7.2f}  s_x {:.4g}  alpha {:.4f}{}{}\n", l.name, l.snr_db, l.input_scale,
                       l.drift_alpha, l.uses_adc ? "" : "  (no ADC)",
                       l.saturated_outputs > 0 ? fmt::format("  {:.2f}% of outputs saturated at {} bits",
                                                             100 * l.saturated_fraction(), l.accumulator_bits)
                                               : "");
  }
  if (r.counts.contains("cim")) {
    const auto& c = r.counts["cim"];
    s += fmt::format("counts      per batch of {}: {} MACs, {} array reads, {} ADC conversions\n", r.options.batch,
                     c.value("macs", 0LL), c.value("array_reads", 0LL), c.value("adc_conversions", 0LL));
  }
  s += cost_text(r);
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
                   {"exact_cells", l.exact_cells},
                   {"accumulator_bits", l.accumulator_bits},
                   {"saturated_fraction", l.saturated_fraction()}});
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
      {"input_bits_min", r.input_bits_min},
      {"weight_bits_min", r.weight_bits_min},
      {"counts", r.counts},
      {"cost", cost_json(r)},
      {"notes", r.notes},
  };
  return j;
}

}  // namespace ohmic::sim
