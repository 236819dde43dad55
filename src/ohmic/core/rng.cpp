// Philox4x32-10 streams. The scalar entry points (words_at, uniform_at, normal_at) call Random123 directly; the bulk
// normal generator (fill_normal) runs Philox and Box-Muller on SIMD lanes with Highway, compiled for every x86 target
// Highway knows and dispatched at run time (foreach_target), because it is a hot loop of the simulator.
// This file is included once per target by hwy/foreach_target.h; the non-SIMD code is inside HWY_ONCE.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ohmic/core/rng.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

HWY_BEFORE_NAMESPACE();
namespace ohmic {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Random123's Philox4x32 constants (philox.h: PHILOX_M4x32_0/1, PHILOX_W32_0/1).
constexpr uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;

// hi and lo 32-bit halves of a * m on every u32 lane.
template <class D, class V>
HWY_INLINE void MulHiLo(D d, V a, V m, V& hi, V& lo) {
#if HWY_TARGET == HWY_SCALAR
  const uint64_t p = uint64_t{hn::GetLane(a)} * hn::GetLane(m);
  hi = hn::Set(d, static_cast<uint32_t>(p >> 32));
  lo = hn::Set(d, static_cast<uint32_t>(p));
#else
  const hn::RepartitionToWide<D> dw;
  const auto even = hn::MulEven(a, m);                                                    // lanes 0, 2, ...
  const auto odd = hn::MulEven(hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(dw, a))), m);  // lanes 1, 3, ...
  lo = hn::OddEven(hn::BitCast(d, hn::ShiftLeft<32>(odd)), hn::BitCast(d, even));
  hi = hn::OddEven(hn::BitCast(d, odd), hn::BitCast(d, hn::ShiftRight<32>(even)));
#endif
}

// Normals of the counters first_ctr .. first_ctr + Lanes - 1 (four per counter, counter-major) into out[4 * Lanes].
// Every lane computes the same function of its counter, so a normal does not depend on the lane it was made in.
template <class D>
HWY_INLINE void NormalsOfCounters(D du, uint64_t first_ctr, const uint32_t key[4], float* HWY_RESTRICT out) {
  const hn::RebindToSigned<D> di;
  const hn::RebindToFloat<D> df;
  using VU = hn::Vec<D>;
  const auto lo32 = static_cast<uint32_t>(first_ctr), hi32 = static_cast<uint32_t>(first_ctr >> 32);
  VU c0 = hn::Iota(du, lo32);  // wraps past 2^32: those lanes carry into the high word
  VU c1 = hn::IfThenElse(hn::Lt(c0, hn::Set(du, lo32)), hn::Set(du, hi32 + 1u), hn::Set(du, hi32));
  VU c2 = hn::Set(du, key[2]), c3 = hn::Set(du, key[3]);
  uint32_t k0 = key[0], k1 = key[1];
  const VU m0 = hn::Set(du, kPhiloxM0), m1 = hn::Set(du, kPhiloxM1);
  for (int round = 0; round < 10; ++round) {
    VU hi0, lo0, hi1, lo1;
    MulHiLo(du, c0, m0, hi0, lo0);
    MulHiLo(du, c2, m1, hi1, lo1);
    const VU n0 = hn::Xor(hn::Xor(hi1, c1), hn::Set(du, k0));
    const VU n2 = hn::Xor(hn::Xor(hi0, c3), hn::Set(du, k1));
    c0 = n0, c1 = lo1, c2 = n2, c3 = lo0;
    k0 += kPhiloxW0, k1 += kPhiloxW1;
  }
  // Box-Muller in float: radius from a word's top 31 bits, u = (w + 1/2) / 2^31 in (0, 1] (|z| <= 6.66); angle
  // from the top 24 bits, (w + 1/2) / 2^24 of a turn.
  const auto radius = [&](VU w) {
    const auto u = hn::Mul(hn::Add(hn::ConvertTo(df, hn::BitCast(di, hn::ShiftRight<1>(w))), hn::Set(df, 0.5f)),
                           hn::Set(df, 1.0f / 2147483648.0f));
    return hn::Sqrt(hn::Max(hn::Mul(hn::Set(df, -2.0f), hn::Log(df, u)), hn::Zero(df)));
  };
  const auto angle = [&](VU w) {
    return hn::Mul(hn::Add(hn::ConvertTo(df, hn::BitCast(di, hn::ShiftRight<8>(w))), hn::Set(df, 0.5f)),
                   hn::Set(df, static_cast<float>(6.283185307179586 / 16777216.0)));
  };
  const auto r0 = radius(c0), t0 = angle(c1), r1 = radius(c2), t1 = angle(c3);
  hn::StoreInterleaved4(hn::Mul(r0, hn::Cos(df, t0)), hn::Mul(r0, hn::Sin(df, t0)), hn::Mul(r1, hn::Cos(df, t1)),
                        hn::Mul(r1, hn::Sin(df, t1)), df, out);
}

// out[i] = normal number first + i of the stream with Philox key (key[0], key[1]) and counter words 2, 3 = key[2, 3].
void FillNormal(const uint32_t* key, uint64_t first, float* HWY_RESTRICT out, size_t n) {
  const hn::ScalableTag<uint32_t> du;
  const size_t lanes = hn::Lanes(du), per_vector = 4 * lanes;
  HWY_ALIGN float tmp[4 * hn::MaxLanes(du)];
  uint64_t ctr = first / 4;
  size_t skip = static_cast<size_t>(first % 4), i = 0;
  while (i < n) {
    if (skip == 0 && n - i >= per_vector) {
      NormalsOfCounters(du, ctr, key, out + i);
      i += per_vector;
    } else {
      NormalsOfCounters(du, ctr, key, tmp);
      const size_t take = std::min(per_vector - skip, n - i);
      std::memcpy(out + i, tmp + skip, take * sizeof(float));
      i += take;
      skip = 0;
    }
    ctr += lanes;
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace ohmic
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <Random123/philox.h>

#include <cmath>
#include <numbers>

#include "ohmic/core/rng.h"

namespace ohmic {
HWY_EXPORT(FillNormal);

namespace {

using Philox = r123::Philox4x32;

// Maps a 32-bit word to (0, 1) exclusive: (w + 0.5) / 2^32.
inline double to_open_unit(uint32_t w) { return (static_cast<double>(w) + 0.5) * (1.0 / 4294967296.0); }

}  // namespace

void RandomStream::philox_key(uint32_t out[4]) const {
  // Key: the seed, with the purpose word c folded into its high half (golden-ratio multiplier keeps nearby c apart).
  // Counter: 64-bit position, then a and b (e.g. layer and block), so streams with different (a, b) never overlap.
  out[0] = static_cast<uint32_t>(key_.seed);
  out[1] = static_cast<uint32_t>(key_.seed >> 32) ^ (key_.c * 0x9E3779B9u);
  out[2] = key_.a;
  out[3] = key_.b;
}

void RandomStream::words_at(uint64_t index, uint32_t out[4]) const {
  uint32_t key[4];
  philox_key(key);
  Philox rng;
  Philox::key_type k = {{key[0], key[1]}};
  Philox::ctr_type c = {{static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32), key[2], key[3]}};
  Philox::ctr_type r = rng(c, k);
  for (int i = 0; i < 4; ++i) out[i] = r[i];
}

double RandomStream::uniform_at(uint64_t index) const {
  uint32_t w[4];
  words_at(index, w);
  return to_open_unit(w[0]);
}

double RandomStream::normal_at(uint64_t index) const {
  uint32_t w[4];
  words_at(index, w);
  double u1 = to_open_unit(w[0]), u2 = to_open_unit(w[1]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void RandomStream::fill_normal(uint64_t first, std::span<float> out) const {
  uint32_t key[4];
  philox_key(key);
  HWY_DYNAMIC_DISPATCH(FillNormal)(key, first, out.data(), out.size());
}

void RandomStream::fill_uniform(uint64_t first, std::span<float> out) const {
  size_t i = 0;
  const size_t n = out.size();
  while (i < n) {
    uint64_t pos = first + i;
    uint32_t w[4];
    words_at(pos / 4, w);
    for (uint64_t k = pos % 4; k < 4 && i < n; ++k) out[i++] = static_cast<float>(to_open_unit(w[k]));
  }
}

}  // namespace ohmic
#endif  // HWY_ONCE
