#include "ohmic/cost/baseline.h"

#include <algorithm>

#include <fmt/format.h>

#include "ohmic/core/error.h"
#include "ohmic/cost/chip_resources.h"

namespace ohmic::cost {

arch::Precision baseline_precision(const arch::ChipSpec& chip, int max_bits) {
  using P = arch::Precision;
  const auto& peaks = chip.von_neumann.peak_ops_per_s;
  std::vector<P> order;
  if (max_bits <= 4) order = {P::kInt4, P::kInt8, P::kFp8, P::kFp16, P::kBf16};
  else if (max_bits <= 8) order = {P::kInt8, P::kFp8, P::kFp16, P::kBf16};
  else if (max_bits <= 16) order = {P::kFp16, P::kBf16, P::kTf32, P::kFp32};
  else order = {P::kFp32, P::kTf32, P::kFp64};
  for (P p : order)
    if (peaks.count(p) && peaks.at(p).has_value()) return p;
  // Fallback: the fastest listed format.
  P best{};
  double best_v = -1;
  for (const auto& [p, f] : peaks)
    if (f.has_value() && *f > best_v) best = p, best_v = *f;
  if (best_v <= 0)
    fail("cost/baseline '" + chip.id + "'", "no peak throughput listed", "add von_neumann.peak entries to the preset");
  return best;
}

BaselineEstimate estimate_baseline(const Workload& workload, const arch::ChipSpec& chip, int64_t batch) {
  const std::string where = "cost/baseline '" + chip.id + "'";
  if (chip.is_cim()) fail(where, "is a CIM chip, not a von Neumann baseline");
  if (!chip.von_neumann.tdp_w) fail(where, "no TDP", "add von_neumann.tdp to the preset");
  if (batch < 1) fail(where, fmt::format("batch must be >= 1, got {}", batch));
  int max_bits = 1;
  for (const auto& l : workload.layers) max_bits = std::max({max_bits, l.input_bits, l.weight_bits});
  BaselineEstimate e;
  e.chip_id = chip.id;
  e.chip_name = chip.name;
  const arch::Precision prec = baseline_precision(chip, max_bits);
  e.precision = arch::precision_name(prec);
  e.peak_ops_per_s = *chip.von_neumann.peak_ops_per_s.at(prec);
  e.tdp_w = *chip.von_neumann.tdp_w;
  double bw = kAssumedDramBandwidthBytesPerS;
  if (chip.dram.present() && chip.dram.bandwidth_bytes_per_s) {
    bw = *chip.dram.bandwidth_bytes_per_s;
  } else {
    e.assumptions.push_back(fmt::format("no DRAM described: weights and activations stream from an assumed {} at "
                                        "{:.1f} GB/s",
                                        kAssumedDram, kAssumedDramBandwidthBytesPerS * 1e-9));
  }
  const double sram = static_cast<double>(chip.von_neumann.on_chip_sram_bytes.value_or(0));
  const double b = static_cast<double>(batch);
  double all_weight_bytes = 0;
  for (const auto& l : workload.layers)
    all_weight_bytes += static_cast<double>(l.weight_count()) * l.weight_bits / 8 * static_cast<double>(l.repeat);
  e.weights_on_chip = all_weight_bytes <= sram;
  if (e.weights_on_chip) e.assumptions.emplace_back("all weights fit the on-chip SRAM: no DRAM weight traffic");
  for (const auto& l : workload.layers) {
    const double ops = 2.0 * static_cast<double>(l.macs()) + l.elementwise_ops;
    double bytes = l.dram_read_bits / 8 + l.dram_write_bits / 8;  // per sample
    const double act = (static_cast<double>(l.input_elements) * l.input_bits +
                        static_cast<double>(l.output_elements) * l.output_bits) / 8;
    if (act > sram) bytes += act;
    if (l.kind == LayerKind::kMatmul && l.operand_from_dram) bytes += static_cast<double>(l.operand_elements) * l.input_bits / 8;
    const double weight_bytes =
        e.weights_on_chip ? 0.0 : static_cast<double>(l.weight_count()) * l.weight_bits / 8;  // once per batch
    const double t_compute = ops * b / e.peak_ops_per_s;
    const double t_memory = (bytes * b + weight_bytes) / bw;
    const double t = std::max(t_compute, t_memory) * static_cast<double>(l.repeat);
    (t_memory > t_compute ? e.memory_bound_s : e.compute_bound_s) += t;
    e.latency_s += t;
    e.dram_bytes_per_sample += (bytes + weight_bytes / b) * static_cast<double>(l.repeat);
  }
  e.samples_per_s = e.latency_s > 0 ? b / e.latency_s : 0;
  e.energy_per_sample_j = e.tdp_w * e.latency_s / b;
  return e;
}

}  // namespace ohmic::cost
