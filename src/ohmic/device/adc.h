#pragma once
// The ADC (and DAC) transfer functions used by the functional simulator.
// Uniform quantizer (MODELS.md): y = round((clip(x, lo, hi) - lo) q) / q + lo, q = (L - 1) / (hi - lo), L = 2^bits.
// Non-idealities: gain error (relative) and offset (in LSB) applied before quantization.
#include <cstdint>
#include <span>

namespace ohmic::device {

struct AdcTransfer {
  int bits = 8;
  double lo = 0.0, hi = 1.0;  // input range in the units of what is converted (e.g. column-sum units)
  double gain_error = 0.0;    // relative, e.g. 0.01 = +1%
  double offset_lsb = 0.0;    // offset in LSBs

  int64_t levels() const { return int64_t{1} << bits; }
  double lsb() const { return (hi - lo) / static_cast<double>(levels() - 1); }
  // Output code 0 .. levels-1.
  int64_t code(double x) const;
  // The value a code stands for.
  double value(int64_t code) const { return lo + static_cast<double>(code) * lsb(); }
  double convert(double x) const { return value(code(x)); }
  void convert(std::span<float> xs) const;
};

// Bits an ADC needs so that a dot product of `rows` terms, each an input slice of `input_bits` times a cell of
// `cell_bits`, is never clipped or rounded: ceil(log2(rows * (2^input_bits - 1) * (2^cell_bits - 1) + 1)).
int lossless_adc_bits(int64_t rows, int input_bits, int cell_bits);

// ADC range from calibration samples: [lo, hi] = the (1 - p) and p quantiles of the samples (p e.g. 0.999), or
// [min, max] for p >= 1. Samples are copied, not reordered in place.
struct AdcRange {
  double lo, hi;
};
AdcRange calibrate_range(std::span<const float> samples, double percentile);

}  // namespace ohmic::device
