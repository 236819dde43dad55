#include "ohmic/cost/chip_peak.h"

#include "ohmic/cost/chip_resources.h"
#include "ohmic/cost/simple_mapping.h"
#include "ohmic/cost/workload/workload.h"

namespace ohmic::cost {

ChipPeak chip_peak(const arch::ChipSpec& chip, const OperatingPoint& requested) {
  const OperatingPoint p = resolve_point(chip, requested);
  // K = rows and N = weights per row × macros: exactly one block per macro.
  const int64_t rows = *chip.macro.rows;
  const int64_t weights_per_row = chip.weights_per_macro(p.weight_bits) / rows;
  constexpr int64_t kVectors = 4096;  // enough input vectors to make one-time costs negligible
  Workload w;
  w.name = "chip peak (all macros busy)";
  w.layers.push_back(gemm_layer("peak", kVectors, rows, weights_per_row * chip.macro_count(), p.input_bits,
                                p.weight_bits));
  const ChipResources res = chip_resources(chip);
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
