#pragma once
// Resistance of one crossbar wire segment (cell to cell) from the technology node, after NeuroSim's wire model
// (DNN_NeuroSim_V1.3, Inference_pytorch/NeuroSIM/Param.cpp): copper resistivity including size effects rho, wire
// width w (NeuroSim's feature size F at that node) and aspect ratio AR give rho / (w^2 AR) per metre; one segment
// is one cell pitch long. NeuroSim's 1T1R cell is 4F x 12F (row and column wires cross 4F and 12F per cell); a
// single r for both wires is taken at the mean pitch 8F, which gives the same first-order drop for a square array
// with uniform conductances. Cross-point (1R, no access transistor) cells are 2F x 2F.
#include <string>

namespace ohmic::device {

struct WireSegment {
  double r_ohm = 0.0;   // one segment
  std::string source;   // what the value was derived from, for reports
};

// node_nm: the chip's process node (the NeuroSim row with the nearest node in log space is used; nodes outside
// 7..130 nm take the end rows). cross_point: a 1R cell (2F pitch) instead of a transistor-gated cell (8F).
WireSegment wire_segment_resistance(double node_nm, bool cross_point);

}  // namespace ohmic::device
