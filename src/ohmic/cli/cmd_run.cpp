// `ohmic run MODEL --data SPEC [--limit N] [--batch B] [--threads T] [--json FILE]`: evaluates an ONNX classifier
// on the host (reference executor) over a labelled data set and prints its accuracy and throughput.
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "ohmic/cli/commands.h"
#include "ohmic/core/error.h"
#include "ohmic/core/parallel.h"
#include "ohmic/data/dataset.h"
#include "ohmic/data/host_eval.h"

namespace ohmic::cli {

namespace {

struct RunArgs {
  std::string model, data, json_file;
  int64_t limit = 0, batch = 64;
  int threads = 0;
};

void run_model(const RunArgs& a) {
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
    std::ofstream out(a.json_file);
    if (!(out << j.dump(2) << "\n")) fail(a.json_file, "cannot write the JSON report", "check the path");
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Evaluate an ONNX classifier on the host (reference executor) over a labelled data set");
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
  cmd->callback([args] { run_model(*args); });
}

}  // namespace ohmic::cli
