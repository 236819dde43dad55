#pragma once
// Full-chip peak: every macro busy on resident weights (one gemm layer that fills all macros exactly, as many input
// vectors as the activation store holds, up to 4096), priced like any workload, so buffers, NoC, post-processing and leakage are included. This is what a
// chip-level "peak TOPS/W" measurement running MVMs back to back sees. Throughput is quoted at the arrays' peak.
#include "ohmic/arch/spec.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/macro_model.h"

namespace ohmic::cost {

struct ChipPeak {
  OperatingPoint point;
  double tops = 0;            // all macros at peak
  double tops_per_w = 0;      // full-chip energy per operation
  double tops_per_mm2 = 0, power_w = 0, area_mm2 = 0;
  double sustained_tops = 0;  // what the chip sustains on the peak workload (buffers and NoC may limit it)
  ChipEstimate detail;
};

ChipPeak chip_peak(const arch::ChipSpec& chip, const OperatingPoint& point);

}  // namespace ohmic::cost
