#pragma once
// Digital logic from NAND2-equivalent gate counts: adders, adder trees, shift-and-add, accumulators, registers and
// digital MACs. Gate: ZigZag-IMC's 28 nm NAND2 (0.7 fF switched, 0.614 µm², 47.8 ps), energy scaled to the node with
// Stillmaker & Baas, area with node² (see nand2_area_um2).
namespace ohmic::cost {

struct LogicTech {
  double node_nm = 28;
  double vdd_v = 0.9;
};

struct GateCost {
  double energy_j = 0;  // per operation (activity included)
  double area_um2 = 0;
};

// Gate-count conventions (NAND2 equivalents, documented in docs/cost-model.md):
inline constexpr double kNand2PerFullAdder = 7.0;   // 28-transistor mirror adder / 4 transistors per NAND2
inline constexpr double kNand2PerFlipFlop = 6.0;    // static master-slave D flip-flop, ~24 transistors
inline constexpr double kNand2PerAndGate = 1.5;     // AND2 = NAND2 + inverter
inline constexpr double kRandomDataActivity = 0.5;  // fraction of gates toggling per operation on random data

// One NAND2-equivalent gate toggling once at the node and voltage (C·V² at 28 nm, scaled).
double nand2_energy_j(const LogicTech& tech);
double nand2_area_um2(const LogicTech& tech);
double nand2_delay_s(const LogicTech& tech);  // 47.8 ps at 28 nm, nominal; scaled linearly with node (first order)

// `gates` NAND2 equivalents switching with `activity` per operation.
GateCost gates(double nand2_count, double activity, const LogicTech& tech);

// Ripple/carry-save adder of `bits` (one addition).
GateCost adder(int bits, const LogicTech& tech);
// Adder tree reducing `inputs` operands of `input_bits` each to one sum: level k has inputs/2^k adders of
// (input_bits + k − 1) bits.
GateCost adder_tree(int inputs, int input_bits, const LogicTech& tech);
// Shift-and-add accumulator: one `acc_bits` adder plus an `acc_bits` register, per accumulation.
GateCost shift_add(int acc_bits, const LogicTech& tech);
// Register of `bits` flip-flops, per write.
GateCost register_write(int bits, const LogicTech& tech);
// A digital multiply-accumulate of a×b bits into an accumulator of a+b+8 bits (array multiplier: a·b AND gates and
// ≈ a·b full adders, plus the accumulating adder and register).
GateCost digital_mac(int a_bits, int b_bits, const LogicTech& tech);

}  // namespace ohmic::cost
