#include "ohmic/device/ir_drop_wire.h"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace ohmic::device {
namespace {

struct WireRow {
  double node_nm;
  double width_nm;         // NeuroSim wireWidth (= feature size F)
  double aspect_ratio;     // height / width
  double rho_ohm_m;        // resistivity with size effects, 300 K
};

// DNN_NeuroSim_V1.3 Param.cpp, "Initialize interconnect wires" (the 10 nm row shares the 7 nm wire).
constexpr std::array<WireRow, 9> kNeuroSimWires = {{
    {130, 175, 1.60, 2.20e-8},
    {90, 110, 1.60, 2.52e-8},
    {65, 105, 1.70, 2.68e-8},
    {45, 80, 1.70, 3.31e-8},
    {32, 56, 1.80, 3.70e-8},
    {22, 40, 1.90, 4.03e-8},
    {14, 25, 2.00, 5.08e-8},
    {10, 18, 2.00, 6.35e-8},
    {7, 18, 2.00, 6.35e-8},
}};

constexpr double kTransistorCellPitchF = 8.0;  // mean of NeuroSim's 1T1R cell height 4F and width 12F
constexpr double kCrossPointPitchF = 2.0;      // NeuroSim's crossbar (1R) cell, 2F x 2F

}  // namespace

WireSegment wire_segment_resistance(double node_nm, bool cross_point) {
  const WireRow* best = &kNeuroSimWires.front();
  for (const WireRow& row : kNeuroSimWires)
    if (std::abs(std::log(row.node_nm / node_nm)) < std::abs(std::log(best->node_nm / node_nm))) best = &row;
  const double pitch_f = cross_point ? kCrossPointPitchF : kTransistorCellPitchF;
  const double width_m = best->width_nm * 1e-9;
  // rho * length / (width * height), length = pitch_f * width, height = AR * width.
  const double r = best->rho_ohm_m * pitch_f / (width_m * best->aspect_ratio);
  return {r, fmt::format("wire segment {:.3g} ohm: NeuroSim Cu wire model at {:g} nm (width {:g} nm, AR {:g}, "
                         "rho {:g} ohm m) over one {:g}F cell pitch",
                         r, best->node_nm, best->width_nm, best->aspect_ratio, best->rho_ohm_m, pitch_f)};
}

}  // namespace ohmic::device
