#include "ohmic/cost/chip_peak.h"

#include <algorithm>

#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/simple_mapping.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

ChipPeak chip_peak(const arch::ChipSpec& chip, const OperatingPoint& requested) {
  const OperatingPoint p = resolve_point(chip, requested);
  // K = rows and N = weights per row × macros: exactly one block per macro.
  const int64_t rows = *chip.macro.rows;
  const int64_t weights_per_row = chip.weights_per_macro(p.weight_bits) / rows;
  const int64_t n = weights_per_row * chip.macro_count();
  // Enough input vectors to make one-time costs negligible, but few enough that the inputs and outputs stay in the
  // activation store (a peak measurement streams; it does not spill to DRAM).
  const ChipResources res = chip_resources(chip);
  const double bits_per_vector = static_cast<double>(rows * p.input_bits + n * p.input_bits);
  const int64_t vectors =
      std::clamp<int64_t>(static_cast<int64_t>(res.store_bytes * 8 / bits_per_vector), 1, 4096);
  Workload w;
  w.name = "chip peak (all macros busy)";
  w.layers.push_back(gemm_layer("peak", vectors, rows, n, p.input_bits, p.weight_bits));
  MappingSummary m = simple_mapping(w, chip, res, 1);
  for (auto& l : m.layers) l.point = p;  // run at the requested voltage and clock
  ChipPeak out;
  out.point = p;
  out.detail = price_mapping(m, chip, w.name);
  // Peak throughput is the arrays' (what a peak TOPS figure states); the energy per operation is the full chip's.
  out.tops = macro_peak(chip, p).tops() * static_cast<double>(chip.macro_count());
  out.tops_per_w = out.detail.effective_tops_per_w();
  out.area_mm2 = out.detail.area_mm2;
  out.tops_per_mm2 = out.tops / out.area_mm2;
  out.power_w = out.tops / out.tops_per_w;
  out.sustained_tops = out.detail.effective_tops();
  return out;
}

}  // namespace ohmic::cost
