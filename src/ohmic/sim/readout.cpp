// SIMD readout kernels (readout.h). Included once per x86 target by hwy/foreach_target.h; the exported entry points
// are inside HWY_ONCE. Each kernel runs whole vectors of doubles, then the last n % lanes columns with the same
// operations in scalar code (always the same columns of a block, so every read of a column computes alike).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ohmic/sim/readout.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "ohmic/sim/readout.h"

HWY_BEFORE_NAMESPACE();
namespace ohmic::sim {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DD = hn::ScalableTag<double>;

// row[c] = sum[c] (* step[c] when step is given), for int32 or float sums.
template <typename T>
HWY_INLINE void ReadSums(const T* HWY_RESTRICT sum, const double* HWY_RESTRICT step, size_t n, double* HWY_RESTRICT row) {
  const DD dd;
  const hn::Rebind<T, DD> dt;
  const size_t lanes = hn::Lanes(dd);
  size_t c = 0;
  for (; c + lanes <= n; c += lanes) {
    auto v = hn::PromoteTo(dd, hn::LoadU(dt, sum + c));
    if (step != nullptr) v = hn::Mul(v, hn::LoadU(dd, step + c));
    hn::StoreU(v, dd, row + c);
  }
  for (; c < n; ++c) row[c] = step != nullptr ? static_cast<double>(sum[c]) * step[c] : static_cast<double>(sum[c]);
}

// row[c] += sqrt(max(v, 0)) * z[c], v = var[c] (* var_step[c] when given, + fine[c] * fine_step[c] when given), for
// int32 or float variances.
template <typename T>
HWY_INLINE void AddNoise(const T* HWY_RESTRICT var, const double* HWY_RESTRICT var_step, const T* HWY_RESTRICT fine,
                         const double* HWY_RESTRICT fine_step, const float* HWY_RESTRICT z, size_t n,
                         double* HWY_RESTRICT row) {
  const DD dd;
  const hn::Rebind<T, DD> dt;
  const hn::Rebind<float, DD> df;
  const size_t lanes = hn::Lanes(dd);
  size_t c = 0;
  for (; c + lanes <= n; c += lanes) {
    auto v = hn::PromoteTo(dd, hn::LoadU(dt, var + c));
    if (var_step != nullptr) v = hn::Mul(v, hn::LoadU(dd, var_step + c));
    if (fine != nullptr) v = hn::Add(v, hn::Mul(hn::PromoteTo(dd, hn::LoadU(dt, fine + c)), hn::LoadU(dd, fine_step + c)));
    // The noise sigma and its product with z in float (z is float; a float square root costs half a double one).
    const auto sigma = hn::Sqrt(hn::DemoteTo(df, hn::Max(v, hn::Zero(dd))));
    const auto noise = hn::PromoteTo(dd, hn::Mul(sigma, hn::LoadU(df, z + c)));
    hn::StoreU(hn::Add(hn::LoadU(dd, row + c), noise), dd, row + c);
  }
  for (; c < n; ++c) {
    double v = var_step != nullptr ? static_cast<double>(var[c]) * var_step[c] : static_cast<double>(var[c]);
    if (fine != nullptr) v += static_cast<double>(fine[c]) * fine_step[c];
    const float sigma = std::sqrt(static_cast<float>(std::max(v, 0.0)));
    row[c] += static_cast<double>(sigma * z[c]);
  }
}

void ReadIntSums(const int32_t* sum, const double* step, size_t n, double* row) { ReadSums(sum, step, n, row); }
void ReadF32Sums(const float* sum, size_t n, double* row) { ReadSums(sum, nullptr, n, row); }

void AddIntSums(const int32_t* HWY_RESTRICT sum, const double* HWY_RESTRICT step, size_t n, double* HWY_RESTRICT row) {
  const DD dd;
  const hn::Rebind<int32_t, DD> di;
  const size_t lanes = hn::Lanes(dd);
  size_t c = 0;
  for (; c + lanes <= n; c += lanes) {
    const auto v = hn::Mul(hn::PromoteTo(dd, hn::LoadU(di, sum + c)), hn::LoadU(dd, step + c));
    hn::StoreU(hn::Add(hn::LoadU(dd, row + c), v), dd, row + c);
  }
  for (; c < n; ++c) row[c] += static_cast<double>(sum[c]) * step[c];
}

void AddNoiseInt(const int32_t* var, const double* var_step, const int32_t* fine, const double* fine_step,
                 const float* z, size_t n, double* row) {
  AddNoise(var, var_step, fine, fine_step, z, n, row);
}
void AddNoiseF32(const float* var, const float* z, size_t n, double* row) {
  AddNoise<float>(var, nullptr, nullptr, nullptr, z, n, row);
}

void ConvertAndAccumulate(const double* HWY_RESTRICT row, const double* HWY_RESTRICT gain,
                          const double* HWY_RESTRICT lo, const double* HWY_RESTRICT lsb,
                          const double* HWY_RESTRICT offset, const double* HWY_RESTRICT top, double scale, size_t n,
                          double* HWY_RESTRICT acc) {
  const DD dd;
  const size_t lanes = hn::Lanes(dd);
  const auto s = hn::Set(dd, scale);
  size_t c = 0;
  for (; c + lanes <= n; c += lanes) {
    const auto l = hn::LoadU(dd, lo + c), q = hn::LoadU(dd, lsb + c);
    const auto t = hn::Add(hn::Div(hn::Sub(hn::Mul(hn::LoadU(dd, row + c), hn::LoadU(dd, gain + c)), l), q),
                           hn::LoadU(dd, offset + c));
    const auto code = hn::Min(hn::Max(hn::Round(t), hn::Zero(dd)), hn::LoadU(dd, top + c));
    const auto value = hn::Add(l, hn::Mul(code, q));
    hn::StoreU(hn::Add(hn::LoadU(dd, acc + c), hn::Mul(s, value)), dd, acc + c);
  }
  for (; c < n; ++c) {
    const double t = (row[c] * gain[c] - lo[c]) / lsb[c] + offset[c];
    const double code = std::clamp(std::nearbyint(t), 0.0, top[c]);
    const double value = lo[c] + code * lsb[c];
    acc[c] += scale * value;
  }
}

void Accumulate(const double* HWY_RESTRICT row, double scale, size_t n, double* HWY_RESTRICT acc) {
  const DD dd;
  const size_t lanes = hn::Lanes(dd);
  const auto s = hn::Set(dd, scale);
  size_t c = 0;
  for (; c + lanes <= n; c += lanes)
    hn::StoreU(hn::Add(hn::LoadU(dd, acc + c), hn::Mul(s, hn::LoadU(dd, row + c))), dd, acc + c);
  for (; c < n; ++c) acc[c] += scale * row[c];
}

}  // namespace HWY_NAMESPACE
}  // namespace ohmic::sim
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace ohmic::sim {

HWY_EXPORT(ReadIntSums);
HWY_EXPORT(AddIntSums);
HWY_EXPORT(ReadF32Sums);
HWY_EXPORT(AddNoiseInt);
HWY_EXPORT(AddNoiseF32);
HWY_EXPORT(ConvertAndAccumulate);
HWY_EXPORT(Accumulate);

void AdcColumns::assign(const std::vector<device::AdcTransfer>& adc) {
  const size_t n = adc.size();
  gain.resize(n), lo.resize(n), lsb.resize(n), offset.resize(n), top.resize(n);
  for (size_t c = 0; c < n; ++c) {
    gain[c] = 1.0 + adc[c].gain_error;
    lo[c] = adc[c].lo;
    lsb[c] = adc[c].lsb();
    offset[c] = adc[c].offset_lsb;
    top[c] = static_cast<double>(adc[c].levels() - 1);
  }
}

void read_int_sums(const int32_t* sum, const double* step, size_t n, double* row) {
  HWY_DYNAMIC_DISPATCH(ReadIntSums)(sum, step, n, row);
}
void add_int_sums(const int32_t* sum, const double* step, size_t n, double* row) {
  HWY_DYNAMIC_DISPATCH(AddIntSums)(sum, step, n, row);
}
void read_f32_sums(const float* sum, size_t n, double* row) { HWY_DYNAMIC_DISPATCH(ReadF32Sums)(sum, n, row); }
void add_noise_int(const int32_t* var, const double* var_step, const int32_t* fine, const double* fine_step,
                   const float* z, size_t n, double* row) {
  HWY_DYNAMIC_DISPATCH(AddNoiseInt)(var, var_step, fine, fine_step, z, n, row);
}
void add_noise_f32(const float* var, const float* z, size_t n, double* row) {
  HWY_DYNAMIC_DISPATCH(AddNoiseF32)(var, z, n, row);
}
void convert_and_accumulate(const double* row, const AdcColumns& adc, double scale, size_t n, double* acc) {
  HWY_DYNAMIC_DISPATCH(ConvertAndAccumulate)(row, adc.gain.data(), adc.lo.data(), adc.lsb.data(), adc.offset.data(),
                                             adc.top.data(), scale, n, acc);
}
void accumulate(const double* row, double scale, size_t n, double* acc) {
  HWY_DYNAMIC_DISPATCH(Accumulate)(row, scale, n, acc);
}

}  // namespace ohmic::sim
#endif  // HWY_ONCE
