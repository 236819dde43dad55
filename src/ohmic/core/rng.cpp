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

// cos and sin of the angle (a + 1/2) / 2^24 of a turn, a = the top 24 bits of w: the top 2 bits of a pick the
// quadrant, the other 22 an angle theta in (-pi/4, pi/4) about the quadrant's middle; Taylor polynomials for sin and
// cos of theta (truncation below 2e-9 for |theta| <= pi/4), rotated by pi/4 and by the quadrant (swap and signs).
template <class D, class V = hn::Vec<D>>
HWY_INLINE void CosSinOfTurn(D du, V w, hn::Vec<hn::RebindToFloat<D>>& cos_t, hn::Vec<hn::RebindToFloat<D>>& sin_t) {
  const hn::RebindToSigned<D> di;
  const hn::RebindToFloat<D> df;
  const V a = hn::ShiftRight<8>(w);
  const V quadrant = hn::ShiftRight<22>(a);
  const V m = hn::And(a, hn::Set(du, (1u << 22) - 1u));
  const auto theta = hn::MulAdd(hn::Add(hn::ConvertTo(df, hn::BitCast(di, m)), hn::Set(df, 0.5f)),
                                hn::Set(df, static_cast<float>(1.5707963267948966 / 4194304.0)),
                                hn::Set(df, static_cast<float>(-0.7853981633974483)));
  const auto t2 = hn::Mul(theta, theta);
  // sin: theta (1 - t2/6 (1 - t2/20 (1 - t2/42 (1 - t2/72)))), cos: 1 - t2/2 (1 - t2/12 (1 - t2/30 (1 - t2/56))).
  auto ps = hn::Set(df, 1.0f / 362880.0f);
  ps = hn::MulAdd(ps, t2, hn::Set(df, -1.0f / 5040.0f));
  ps = hn::MulAdd(ps, t2, hn::Set(df, 1.0f / 120.0f));
  ps = hn::MulAdd(ps, t2, hn::Set(df, -1.0f / 6.0f));
  const auto s = hn::MulAdd(hn::Mul(ps, t2), theta, theta);
  auto pc = hn::Set(df, -1.0f / 3628800.0f);
  pc = hn::MulAdd(pc, t2, hn::Set(df, 1.0f / 40320.0f));
  pc = hn::MulAdd(pc, t2, hn::Set(df, -1.0f / 720.0f));
  pc = hn::MulAdd(pc, t2, hn::Set(df, 1.0f / 24.0f));
  pc = hn::MulAdd(pc, t2, hn::Set(df, -0.5f));
  const auto c = hn::MulAdd(pc, t2, hn::Set(df, 1.0f));
  // Angle pi/4 + theta within the quadrant.
  const auto half_sqrt2 = hn::Set(df, static_cast<float>(0.7071067811865476));
  const auto cq = hn::Mul(hn::Sub(c, s), half_sqrt2), sq = hn::Mul(hn::Add(s, c), half_sqrt2);
  // Quadrant q: (cos, sin) = (cq, sq), (-sq, cq), (-cq, -sq), (sq, -cq).
  const auto swap = hn::RebindMask(df, hn::Ne(hn::And(quadrant, hn::Set(du, 1u)), hn::Zero(du)));
  const auto neg_cos = hn::BitCast(df, hn::ShiftLeft<30>(hn::And(hn::Add(quadrant, hn::Set(du, 1u)), hn::Set(du, 2u))));
  const auto neg_sin = hn::BitCast(df, hn::ShiftLeft<30>(hn::And(quadrant, hn::Set(du, 2u))));
  cos_t = hn::Xor(hn::IfThenElse(swap, sq, cq), neg_cos);
  sin_t = hn::Xor(hn::IfThenElse(swap, cq, sq), neg_sin);
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
  const auto r0 = radius(c0), r1 = radius(c2);
  hn::Vec<decltype(df)> cos0, sin0, cos1, sin1;
  CosSinOfTurn(du, c1, cos0, sin0);
  CosSinOfTurn(du, c3, cos1, sin1);
  hn::StoreInterleaved4(hn::Mul(r0, cos0), hn::Mul(r0, sin0), hn::Mul(r1, cos1), hn::Mul(r1, sin1), df, out);
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
