#pragma once
// Host CPU: energy per executed operation. Horowitz (ISSCC 2014) puts a simple in-order 45 nm core at about 70 pJ per
// instruction, of which the ALU operation itself is < 1 pJ (the rest is instruction fetch, register file, control).
// Scaled to the node with Stillmaker & Baas; one operation per instruction (scalar host: upper bound for SIMD hosts).
namespace ohmic::cost {

double host_energy_per_op_j(double node_nm, double vdd_v);

}  // namespace ohmic::cost
