// Component models against the check values in MODELS.md and against independent sources (Horowitz 2014, CACTI).
#include <gtest/gtest.h>

#include <cmath>

#include "ohmic/core/error.h"
#include "ohmic/cost/components/adc_model.h"
#include "ohmic/cost/components/array_model.h"
#include "ohmic/cost/components/dac_model.h"
#include "ohmic/cost/components/digital_logic.h"
#include "ohmic/cost/components/dram_model.h"
#include "ohmic/cost/components/host_model.h"
#include "ohmic/cost/components/node_scaling.h"
#include "ohmic/cost/components/row_line_model.h"
#include "ohmic/cost/components/sram_buffer.h"
#include "ohmic/cost/components/wire_model.h"

namespace ohmic::cost {
namespace {

TEST(AdcModel, MurmannCheckValues) {
  // MODELS.md: 8 b, 22 nm, 100 MS/s -> 0.847 pJ, 2199 um2; 8 b, 65 nm -> 6.49 pJ; 4 b, 7 nm -> 0.053 pJ, 308 um2.
  const AdcCost a = murmann_adc(8, 100e6, 22);
  EXPECT_NEAR(a.energy_j * 1e12, 0.847, 0.002);
  EXPECT_NEAR(a.area_um2, 2199, 3);
  EXPECT_NEAR(murmann_adc(8, 100e6, 65).energy_j * 1e12, 6.49, 0.01);
  const AdcCost c = murmann_adc(4, 100e6, 7);
  EXPECT_NEAR(c.energy_j * 1e12, 0.053, 0.0005);
  EXPECT_NEAR(c.area_um2, 308, 1);
}

TEST(AdcModel, EnergyGrowsWithBitsAndNode) {
  double last = 0;
  for (int b = 4; b <= 12; ++b) {
    const double e = murmann_adc(b, 100e6, 28).energy_j;
    EXPECT_GT(e, last) << b;
    last = e;
  }
  EXPECT_GT(murmann_adc(8, 100e6, 65).energy_j, murmann_adc(8, 100e6, 28).energy_j);
  // Below the fit's 4-bit floor the cost stays at 4 bits (no cheaper sub-4-bit designs in the survey).
  EXPECT_DOUBLE_EQ(murmann_adc(2, 100e6, 28).energy_j, murmann_adc(4, 100e6, 28).energy_j);
  EXPECT_THROW(murmann_adc(0, 1e8, 28), Error);
  EXPECT_THROW(murmann_adc(8, -1, 28), Error);
}

TEST(AdcModel, SurveyAndZigzagFormsAgreeWithinFactorTwoAt28nm) {
  // Two independent sources for an 8-bit ADC at 28 nm: Murmann fit (1.33 pJ at 100 MS/s) vs ZigZag-IMC
  // ((100 fF·8 + 0.001 fF·4^8)·0.9² = 0.70 pJ).
  const double zig = zigzag_adc_28nm(8, 0.9).energy_j;
  EXPECT_NEAR(zig * 1e12, (800e-15 + 0.001e-15 * 65536) * 0.81 * 1e12, 1e-9);
  const double mur = murmann_adc(8, 100e6, 28).energy_j;
  EXPECT_LT(mur / zig, 2.0);
  EXPECT_GT(mur / zig, 0.5);
}

TEST(NodeScaling, TabulatedNodesUseTheirOwnFit) {
  EXPECT_NEAR(energy_factor(45, 1.0), 1.103 - 0.362 + 0.2767, 1e-12);
  EXPECT_NEAR(energy_factor(7, 0.7), 0.1776 * 0.49 - 0.09097 * 0.7 + 0.02447, 1e-12);
  EXPECT_DOUBLE_EQ(energy_scale(28, 0.9, 28, 0.9), 1.0);
}

TEST(NodeScaling, InterpolationIsLogLinearAndNotInverted) {
  // 28 nm at 0.9 V between 32 nm (0.5413) and 20 nm (0.2008): t = ln(32/28)/ln(32/20) = 0.284,
  // exp(ln 0.5413 + 0.284·(ln 0.2008 − ln 0.5413)) = 0.4082 (hand computation, see the test's comment).
  const double f28 = energy_factor(28, 0.9), f32 = energy_factor(32, 0.9), f20 = energy_factor(20, 0.9);
  EXPECT_NEAR(f28, 0.4082, 0.0005);
  EXPECT_LT(f28, f32);
  EXPECT_GT(f28, f20);
  // 28 nm is nearer 32 nm than 20 nm in log space, so its factor must be nearer 32 nm's: an inverted weight would
  // put it near 20 nm's instead.
  EXPECT_LT(std::abs(std::log(f28 / f32)), std::abs(std::log(f28 / f20)));
  // Monotone over the whole table and beyond it (extrapolated along the end segments).
  double last = energy_factor(180, 1.0);
  for (double n : {130.0, 100.0, 65.0, 45.0, 32.0, 28.0, 22.0, 16.0, 12.0, 7.0, 5.0, 3.0}) {
    const double f = energy_factor(n, 1.0);
    EXPECT_LT(f, last) << n;
    last = f;
  }
  EXPECT_GT(energy_factor(65, 1.1), energy_factor(65, 0.9));  // energy grows with voltage
  EXPECT_THROW(energy_factor(0, 0.9), Error);
  EXPECT_THROW(energy_factor(28, -1), Error);
}

TEST(NodeScaling, BitcellAreaAndNominalVoltage) {
  EXPECT_DOUBLE_EQ(sram_6t_bitcell_um2(28), 0.127);
  EXPECT_DOUBLE_EQ(sram_6t_bitcell_um2(7), 0.027);
  const double a24 = sram_6t_bitcell_um2(24);
  EXPECT_GT(a24, 0.092);
  EXPECT_LT(a24, 0.127);
  EXPECT_NEAR(nominal_vdd_v(45), 1.0, 1e-12);
  EXPECT_NEAR(area_scale(28, 7), 0.027 / 0.127, 1e-12);
}

TEST(DigitalLogic, GateCountsAndHorowitzCrossCheck) {
  const LogicTech t28{28, 0.9};
  EXPECT_NEAR(nand2_energy_j(t28), 0.7e-15 * 0.81, 1e-21);
  EXPECT_NEAR(nand2_area_um2(t28), 0.614, 1e-12);
  // 4 one-bit inputs: two 1-bit adders then one 2-bit adder = 4 full adders.
  EXPECT_NEAR(adder_tree(4, 1, t28).energy_j, 4 * kNand2PerFullAdder * kRandomDataActivity * nand2_energy_j(t28),
              1e-24);
  EXPECT_NEAR(adder_tree(5, 1, t28).energy_j, adder_tree(4, 1, t28).energy_j + 3 * kNand2PerFullAdder *
                                                                                  kRandomDataActivity *
                                                                                  nand2_energy_j(t28),
              1e-24);
  // Horowitz ISSCC 2014, 45 nm 0.9 V: int32 add 0.1 pJ, int8 mult + int32 add 0.3 pJ. Independent source: within 2x.
  const LogicTech t45{45, 0.9};
  const double add32 = adder(32, t45).energy_j * 1e12;
  EXPECT_GT(add32, 0.05);
  EXPECT_LT(add32, 0.2);
  const double mac8 = digital_mac(8, 8, t45).energy_j * 1e12;
  EXPECT_GT(mac8, 0.15);
  EXPECT_LT(mac8, 0.6);
  EXPECT_THROW(adder(0, t28), Error);
}

TEST(DacModel, ZigzagFormAt28nm) {
  EXPECT_NEAR(dac(4, 28, 0.9).energy_j, 50e-15 * 4 * 0.81, 1e-20);
  EXPECT_LT(dac(4, 7, 0.9).energy_j, dac(4, 28, 0.9).energy_j);
  EXPECT_THROW(dac(0, 28, 0.9), Error);
}

TEST(SramBuffer, CactiPoints) {
  // Anchor: CACTI 45 nm, 64 KB, 256-bit read = 51.9 pJ.
  EXPECT_NEAR(sram_buffer(64 * 1024, 256, 45, 1.0).read_energy_j * 1e12, 51.9, 0.01);
  // Second CACTI point (65 nm, 128 KB, 64-bit: 18.2 pJ) from the same depth^0.78 rule and Stillmaker scaling:
  // ours is 29 pJ at 1.0 V — within 2x, the disagreement between the two quoted CACTI points (docs/cost-model.md).
  const double e65 = sram_buffer(128 * 1024, 64, 65, 1.0).read_energy_j * 1e12;
  EXPECT_GT(e65 / 18.2, 1.0);
  EXPECT_LT(e65 / 18.2, 2.0);
  // Bigger buffers cost more per access, and leak more.
  EXPECT_GT(sram_buffer(4 << 20, 256, 28, 0.9).read_energy_j, sram_buffer(64 << 10, 256, 28, 0.9).read_energy_j);
  EXPECT_THROW(sram_buffer(0, 64, 28, 0.9), Error);
}

TEST(WiresDramHost, PublishedConstants) {
  EXPECT_NEAR(wire_energy_per_bit_mm_j(28, 0.7) * 1e12, 0.098, 1e-9);  // 0.2 pF/mm · 0.7² V²
  EXPECT_NEAR(dram_energy_per_bit_j("hbm2") * 1e12, 3.97, 1e-9);
  EXPECT_NEAR(dram_energy_per_bit_j("HBM3") * 1e12, 4.05, 1e-9);
  EXPECT_NEAR(dram_energy_per_bit_j("lpddr4") * 1e12, 8, 1e-9);
  try {
    dram_energy_per_bit_j("sdram9");
    FAIL() << "unknown kind accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("hbm2"), std::string::npos);
  }
  EXPECT_NEAR(host_energy_per_op_j(45, 0.9) * 1e12, 70, 1e-9);
}

TEST(ArrayModel, ResistiveReadIsOhmic) {
  CellReadInputs in;
  in.route = arch::Route::kReram;
  in.node_nm = 28;
  in.read_time_s = 100e-9;
  in.input_on_fraction = 0.5;
  in.g_min_s = 1e-6;
  in.g_max_s = 40e-6;
  in.read_voltage_v = 0.2;
  const double g_mean = 1e-6 + kMeanConductanceFraction * 39e-6;
  const double ohmic = 0.04 * g_mean * 50e-9;
  const double e = cell_read_energy_j(in);
  EXPECT_GT(e, ohmic);
  EXPECT_LT(e, ohmic * 1.01);  // the bitline charge is a small addition
  in.read_time_s = 200e-9;
  EXPECT_NEAR(cell_read_energy_j(in) - e, ohmic, ohmic * 1e-9);  // linear in read time
  EXPECT_GT(cell_area_um2(arch::CellKind::kSram8t, 28), cell_area_um2(arch::CellKind::kSram6t, 28));
}

TEST(ArrayModel, C2cLadderCellSwitchesThreeUnitCapacitors) {
  CellReadInputs in;
  in.route = arch::Route::kSramCharge;
  in.node_nm = 22;
  in.vdd_v = 0.7;
  in.cell = arch::CellKind::kSramCap;
  const double one_cap = cell_read_energy_j(in);
  EXPECT_NEAR(one_cap, 1.2e-15 * 0.49 / 2, 1e-21);  // Valavi/Jia 1.2 fF, C·V²/2
  in.cell = arch::CellKind::kSramC2c;
  EXPECT_NEAR(cell_read_energy_j(in), 3 * one_cap, 1e-21);
}

TEST(AdcModel, SupplyScalingIsQuadraticAroundTheNominalSupply) {
  EXPECT_NEAR(adc_supply_scale(45, 1.0), 1.0, 1e-12);  // 45 nm nominal 1.0 V (Stillmaker & Baas Table 1)
  EXPECT_NEAR(adc_supply_scale(45, 0.5), 0.25, 1e-12);
  EXPECT_NEAR(adc_supply_scale(7, 0.7), 1.0, 1e-12);
}

TEST(RowLineModel, WireAndGatesAlongTheRow) {
  using arch::CellKind;
  using arch::Route;
  // 28 nm 8T analog cell: one read-port gate (0.7 fF / 4) plus one pitch of 0.2 fF/µm wire per cell.
  const double pitch_um = std::sqrt(cell_area_um2(CellKind::kSram8t, 28));
  const double per_cell = 0.7e-15 / 4 + pitch_um * 0.2e-15;
  EXPECT_NEAR(row_line_cap_f(Route::kSramAnalog, CellKind::kSram8t, 28, 0.9, 64, 64), 64 * per_cell, 1e-21);
  // Inactive columns carry wire but no switched gates; a digital cell's multiplier input is two gates.
  EXPECT_LT(row_line_cap_f(Route::kSramDigital, CellKind::kSram6t, 28, 0.9, 1024, 256),
            row_line_cap_f(Route::kSramDigital, CellKind::kSram6t, 28, 0.9, 1024, 1024));
  EXPECT_EQ(row_line_gates_per_cell(Route::kSramDigital, CellKind::kSram6t), 2);
  // Smaller nodes: less capacitance per cell.
  EXPECT_LT(row_line_cap_f(Route::kSramAnalog, CellKind::kSram8t, 7, 0.8, 64, 64),
            row_line_cap_f(Route::kSramAnalog, CellKind::kSram8t, 28, 0.8, 64, 64));
  // Resistive routes take their read voltage through the cell term instead.
  EXPECT_EQ(row_line_cap_f(Route::kReram, CellKind::k1t1r, 28, 0.9, 256, 256), 0.0);
}

}  // namespace
}  // namespace ohmic::cost
