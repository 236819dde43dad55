// `ohmic run MODEL --data SPEC [--limit N] [--batch B] [--threads T] [--json FILE]`: evaluates an ONNX classifier
// on the host (reference executor) over a labelled data set and prints its accuracy and throughput.
// With `--chip CHIP` it runs the model on the simulated chip instead (library: sim/run.h, docs/simulator.md):
// float, ideal-chip and realistic accuracies (mean and spread over --seeds), per-layer SNR, the plan's counts and the
// cost of the same run (energy per inference, latency, throughput, TOPS/W, breakdown; sim::RunReport::cost).
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "ohmic/cli/commands.h"
#include "ohmic/cli/json_output.h"
#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/data/dataset.h"
#include "ohmic/data/host_eval.h"
#include "ohmic/sim/run.h"

namespace ohmic::cli {

namespace {

struct RunArgs {
  std::string model, data, json_file;
  int64_t limit = 0, batch = 64;
  int threads = 0;
  // --chip: the simulator.
  std::string chip, time = "0", mode = "realistic", adc_range = "layer", calib;
  int seeds = 1;
  uint64_t seed = 1;
  int64_t calib_samples = 128;
  double faults = -1, adc_percentile = 0.9999;
  bool no_read_noise = false, no_programming_noise = false, no_drift_compensation = false, no_float = false,
       no_ideal = false, no_ir_drop = false, ir_drop_compensation = false;
};

void run_on_chip(const RunArgs& a) {
  sim::RunOptions o;
  o.model = a.model;
  o.chip = a.chip;
  o.data = a.data;
  o.calibration_data = a.calib;
  o.calibration_samples = a.calib_samples;
  o.limit = a.limit;
  o.batch = a.batch;
  o.seeds = a.seeds;
  o.threads = a.threads;
  o.with_float = !a.no_float;
  o.with_ideal = !a.no_ideal;
  o.sim.mode = sim::sim_mode_from_name(a.mode);
  o.sim.seed = a.seed;
  o.sim.time_s = sim::parse_time_s(a.time);
  o.sim.read_noise = !a.no_read_noise;
  o.sim.programming_noise = !a.no_programming_noise;
  o.sim.ir_drop = !a.no_ir_drop;
  o.sim.ir_drop_compensation = a.ir_drop_compensation;
  if (a.faults >= 0) o.sim.fault_rate = a.faults;
  o.sim.drift_compensation = !a.no_drift_compensation;
  o.sim.adc_range = sim::adc_range_from_name(a.adc_range);
  o.sim.adc_percentile = a.adc_percentile;
  const sim::RunReport r = sim::run_on_chip(o);
  std::fputs(sim::run_report_text(r).c_str(), stdout);
  if (!a.json_file.empty()) write_json(a.json_file, sim::run_report_json(r));
}

void run_model(const RunArgs& a) {
  if (!a.chip.empty()) return run_on_chip(a);
  auto data = data::open_dataset(a.data);
  data::EvalOptions options;
  options.limit = a.limit;
  options.batch = a.batch;
  data::EvalResult r = data::evaluate_on_host(a.model, *data, options, a.threads);
  const int threads = a.threads > 0 ? a.threads : hardware_threads();
  const data::Preprocessing& p = data->preprocessing();

  std::printf("model       %s\n", a.model.c_str());
  std::printf("data        %s: %lld of %lld samples %s, %d classes\n", data->description().c_str(),
              static_cast<long long>(r.samples), static_cast<long long>(data->size()),
              graph::dims_str(data->sample_dims()).c_str(), data->num_classes());
  std::printf("preprocess  %s\n", p.str().c_str());
  std::printf("accuracy    %.4f (%lld/%lld correct)\n", r.accuracy, static_cast<long long>(r.correct),
              static_cast<long long>(r.samples));
  std::printf("throughput  %.1f images/s (batch %lld, %d threads, %.2f s, host executor)\n", r.images_per_s,
              static_cast<long long>(a.batch), threads, r.seconds);

  if (!a.json_file.empty()) {
    nlohmann::json j = {
        {"model", a.model},
        {"data", a.data},
        {"data_description", data->description()},
        {"executor", "host"},
        {"samples", r.samples},
        {"dataset_size", data->size()},
        {"correct", r.correct},
        {"accuracy", r.accuracy},
        {"seconds", r.seconds},
        {"images_per_s", r.images_per_s},
        {"batch", a.batch},
        {"threads", threads},
        {"sample_dims", data->sample_dims()},
        {"classes", data->num_classes()},
        {"preprocessing", {{"scale", p.scale}, {"mean", p.mean}, {"std", p.std}}},
    };
    write_json(a.json_file, j);
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Evaluate an ONNX classifier over a labelled data set: on the host (reference executor), or with --chip on "
             "the simulated CIM chip (docs/simulator.md)");
  cmd->add_option("MODEL", args->model, "the .onnx model (e.g. models/fmnist_cnn.onnx)")->required();
  cmd->add_option("--data", args->data,
                  "data set spec: fashion-mnist[:train|test][,dir=PATH] | mnist[:PATH] | digits[:PATH] | "
                  "npy:IMAGES.npy,LABELS.npy; options ,scale=,mean=,std= (docs/data.md)")
      ->required();
  cmd->add_option("--limit", args->limit, "evaluate only the first N samples (0 = all)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--batch", args->batch, "images per executor run")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--threads", args->threads, "worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--json", args->json_file, "also write the results as JSON to this file (keys: docs/json.md)");
  cmd->add_option("--chip", args->chip, "simulate on this chip: preset id or chip YAML (`ohmic chips`)");
  cmd->add_option("--time", args->time, "--chip: time since programming (drift, retention): 0, 1s, 1h, 1d, 1y")
      ->capture_default_str();
  cmd->add_option("--seeds", args->seeds, "--chip: independent simulated chips (accuracy mean and spread)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--seed", args->seed, "--chip: first seed")->capture_default_str();
  cmd->add_option("--mode", args->mode, "--chip: realistic (ADC and device effects) or ideal (exact integers)")
      ->capture_default_str();
  cmd->add_option("--adc-range", args->adc_range,
                  "--chip: fixed (lossless full scale) | layer | column (calibrated on calibration samples)")
      ->capture_default_str();
  cmd->add_option("--adc-percentile", args->adc_percentile, "--chip: quantile of calibration column sums for the range")
      ->capture_default_str();
  cmd->add_option("--calib", args->calib, "--chip: calibration data-set spec (default: the first samples of --data)");
  cmd->add_option("--calib-samples", args->calib_samples, "--chip: calibration samples")
      ->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--faults", args->faults, "--chip: stuck-at fault rate (half on, half off); default: the route's");
  cmd->add_flag("--no-read-noise", args->no_read_noise, "--chip: no read noise");
  cmd->add_flag("--no-programming-noise", args->no_programming_noise,
                "--chip: no programming noise or device-to-device variation");
  cmd->add_flag("--no-drift-compensation", args->no_drift_compensation, "--chip: no global drift compensation");
  cmd->add_flag("--no-ir-drop", args->no_ir_drop, "--chip: ideal array wires (no IR drop on resistive routes)");
  cmd->add_flag("--ir-drop-compensation", args->ir_drop_compensation,
                "--chip: IR-drop-aware programming (targets raised by 1 / their nominal attenuation, capped at g_max)");
  cmd->add_flag("--no-float", args->no_float, "--chip: skip the float (host) evaluation");
  cmd->add_flag("--no-ideal", args->no_ideal, "--chip: skip the ideal-chip evaluation");
  cmd->callback([args] { run_model(*args); });
}

}  // namespace ohmic::cli
