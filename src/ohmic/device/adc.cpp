#include "ohmic/device/adc.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "ohmic/core/error.h"

namespace ohmic::device {

int64_t AdcTransfer::code(double x) const {
  double y = x * (1.0 + gain_error) + offset_lsb * lsb();
  double clipped = std::clamp(y, lo, hi);
  double q = static_cast<double>(levels() - 1) / (hi - lo);
  return static_cast<int64_t>(std::nearbyint((clipped - lo) * q));
}

void AdcTransfer::convert(std::span<float> xs) const {
  for (float& x : xs) x = static_cast<float>(convert(static_cast<double>(x)));
}

int lossless_adc_bits(int64_t rows, int input_bits, int cell_bits) {
  double max_sum = static_cast<double>(rows) * (std::ldexp(1.0, input_bits) - 1) * (std::ldexp(1.0, cell_bits) - 1);
  return static_cast<int>(std::ceil(std::log2(max_sum + 1.0)));
}

AdcRange calibrate_range(std::span<const float> samples, double percentile) {
  if (samples.empty()) fail("ADC calibration", "no calibration samples", "give at least one calibration batch");
  std::vector<float> s(samples.begin(), samples.end());
  if (percentile >= 1.0) {
    auto [mn, mx] = std::minmax_element(s.begin(), s.end());
    return {*mn, *mx > *mn ? *mx : *mn + 1.0};
  }
  auto at = [&](double q) {
    size_t k = static_cast<size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(s.size() - 1));
    std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(k), s.end());
    return static_cast<double>(s[k]);
  };
  double lo = at(1.0 - percentile), hi = at(percentile);
  if (hi <= lo) hi = lo + 1.0;
  return {lo, hi};
}

}  // namespace ohmic::device
