#include "ohmic/cost/components/node_scaling.h"

#include <array>
#include <cmath>
#include <span>

#include <fmt/format.h>

#include "ohmic/core/error.h"

namespace ohmic::cost {
namespace {

// Stillmaker & Baas 2017, energy scaling fits (as tabulated in MODELS.md), largest node first.
constexpr std::array<StillmakerCoefficients, 10> kStillmaker{{
    {130, 7.171, -6.709, 2.904},
    {90, 4.762, -4.781, 2.092},
    {65, 3.755, -4.398, 1.975},
    {45, 1.103, -0.362, 0.2767},
    {32, 0.9559, -0.7823, 0.471},
    {20, 0.373, -0.1582, 0.04104},
    {16, 0.2958, -0.1241, 0.03024},
    {14, 0.2363, -0.09675, 0.02239},
    {10, 0.2068, -0.09311, 0.02375},
    {7, 0.1776, -0.09097, 0.02447},
}};

struct NodePoint {
  double node_nm, value;
};

// Nominal VDD per node, Stillmaker & Baas 2017 Table 1 (bulk to 32 nm, FinFET below).
constexpr std::array<NodePoint, 10> kNominalVdd{{
    {130, 1.3}, {90, 1.2}, {65, 1.1}, {45, 1.0}, {32, 0.9}, {20, 0.9}, {16, 0.85}, {14, 0.8}, {10, 0.75}, {7, 0.7}}};

// High-density 6T SRAM bitcell, µm²: 130 nm 2.43 (TSMC), 90 nm 1.0 (Intel, IEDM 2002), 65 nm 0.57 (Intel/TSMC),
// 45 nm 0.346 (Intel, IEDM 2007), 32 nm 0.171 (Intel, IEDM 2009), 28 nm 0.127 (TSMC), 22 nm 0.092 (Intel, 2012),
// 16 nm 0.074 (TSMC 16FF+), 14 nm 0.0588 (Intel, IEDM 2014), 10 nm 0.042 (TSMC N10), 7 nm 0.027 (TSMC N7,
// IEDM 2016), 5 nm 0.021 (TSMC N5, IEDM 2019).
constexpr std::array<NodePoint, 12> kBitcell{{{130, 2.43},
                                              {90, 1.0},
                                              {65, 0.57},
                                              {45, 0.346},
                                              {32, 0.171},
                                              {28, 0.127},
                                              {22, 0.092},
                                              {16, 0.074},
                                              {14, 0.0588},
                                              {10, 0.042},
                                              {7, 0.027},
                                              {5, 0.021}}};

void check_positive(double v, const char* what) {
  if (!(v > 0) || !std::isfinite(v)) fail("cost/node scaling", fmt::format("{} must be positive, got {}", what, v));
}

// Finds the segment [i, i+1] (table sorted by decreasing node) that brackets node, or the nearest end segment.
template <class Table>
size_t segment(const Table& table, double node_nm) {
  size_t i = 0;
  while (i + 2 < table.size() && node_nm < table[i + 1].node_nm) ++i;
  return i;
}

// Log-log interpolation of `value_at(i)` over nodes: ln v = ln v_i + t·(ln v_{i+1} − ln v_i),
// t = (ln n_i − ln n) / (ln n_i − ln n_{i+1}); t = 0 at node n_i and 1 at n_{i+1}.
template <class Table, class ValueAt>
double interpolate_log(const Table& table, double node_nm, ValueAt value_at) {
  const size_t i = segment(table, node_nm);
  const double n0 = table[i].node_nm, n1 = table[i + 1].node_nm;
  const double t = (std::log(n0) - std::log(node_nm)) / (std::log(n0) - std::log(n1));
  const double v0 = value_at(i), v1 = value_at(i + 1);
  return std::exp(std::log(v0) + t * (std::log(v1) - std::log(v0)));
}

}  // namespace

double energy_factor(double node_nm, double vdd_v) {
  check_positive(node_nm, "node_nm");
  check_positive(vdd_v, "vdd_v");
  auto at = [&](size_t i) {
    const auto& k = kStillmaker[i];
    const double f = k.a * vdd_v * vdd_v + k.b * vdd_v + k.c;
    if (!(f > 0))
      fail("cost/node scaling",
           fmt::format("the Stillmaker energy fit for {} nm is not positive at {} V", k.node_nm, vdd_v),
           "use a supply voltage between about 0.5 V and 1.5 V");
    return f;
  };
  for (size_t i = 0; i < kStillmaker.size(); ++i)
    if (kStillmaker[i].node_nm == node_nm) return at(i);
  return interpolate_log(kStillmaker, node_nm, at);
}

double energy_scale(double from_node_nm, double from_vdd_v, double to_node_nm, double to_vdd_v) {
  return energy_factor(to_node_nm, to_vdd_v) / energy_factor(from_node_nm, from_vdd_v);
}

double nominal_vdd_v(double node_nm) {
  check_positive(node_nm, "node_nm");
  return interpolate_log(kNominalVdd, node_nm, [](size_t i) { return kNominalVdd[i].value; });
}

double sram_6t_bitcell_um2(double node_nm) {
  check_positive(node_nm, "node_nm");
  return interpolate_log(kBitcell, node_nm, [](size_t i) { return kBitcell[i].value; });
}

double area_scale(double from_node_nm, double to_node_nm) {
  return sram_6t_bitcell_um2(to_node_nm) / sram_6t_bitcell_um2(from_node_nm);
}

}  // namespace ohmic::cost
