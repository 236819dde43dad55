#pragma once
// The readout of one array read over all columns of a block, as SIMD kernels (Highway, dispatched at run time):
// column sums from the GEMM (integer codes times a per-column step, or f32), read noise added from per-read
// variances and standard normal deviates, then the ADC and the shift-and-add into a per-position accumulator.
// Every kernel works column by column with the same arithmetic for every read, so the results do not depend on how
// reads are grouped.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ohmic/device/adc.h"

namespace ohmic::sim {

// Per-column ADC transfer of a block in the form the kernel reads (device::AdcTransfer, inlined):
//   code = clamp(nearbyint((x (1 + gain_error) - lo) / lsb + offset_lsb), 0, levels - 1), value = lo + code lsb.
struct AdcColumns {
  std::vector<double> gain, lo, lsb, offset, top;  // gain = 1 + gain_error, top = levels - 1
  void assign(const std::vector<device::AdcTransfer>& adc);
};

// row[c] = sum[c] * step[c]
void read_int_sums(const int32_t* sum, const double* step, size_t n, double* row);
// row[c] += sum[c] * step[c]
void add_int_sums(const int32_t* sum, const double* step, size_t n, double* row);
// row[c] = sum[c]
void read_f32_sums(const float* sum, size_t n, double* row);
// row[c] += sqrt(max(var[c] * var_step[c] + fine[c] * fine_step[c], 0)) * z[c] (fine: a second grid plane or null)
void add_noise_int(const int32_t* var, const double* var_step, const int32_t* fine, const double* fine_step,
                   const float* z, size_t n, double* row);
// row[c] += sqrt(max(var[c], 0)) * z[c]
void add_noise_f32(const float* var, const float* z, size_t n, double* row);
// acc[c] += scale * adc[c](row[c])
void convert_and_accumulate(const double* row, const AdcColumns& adc, double scale, size_t n, double* acc);
// acc[c] += scale * row[c]
void accumulate(const double* row, double scale, size_t n, double* acc);

}  // namespace ohmic::sim
