#pragma once
// ADC energy per conversion and area, from the fit to B. Murmann's ADC performance survey (1997–2023) used by
// Accelergy's ADC plug-in (Andrulis et al., arXiv 2404.06553). The survey spans SAR, flash, pipelined and
// oscillator-based designs; the fit is kind-agnostic (the survey's best designs at each resolution and speed), so an
// ADC's kind changes only what the preset records, not the cost (see docs/cost-model.md, "not modelled").
//
// Also the simpler 28 nm SRAM-CIM forms of ZigZag-IMC (Sun et al., 2023), kept as a cross-check.
namespace ohmic::cost {

struct AdcCost {
  double energy_j = 0;  // per conversion
  double area_um2 = 0;  // per ADC
};

// bits: effective resolution (the fit is made for ENOB >= 4; lower resolutions are evaluated at 4 bits, since the
// survey has no sub-4-bit designs and comparator-dominated ADCs do not get cheaper below that);
// conversions_per_s: per ADC; node_nm: technology. Throws ohmic::Error for bits <= 0, rate <= 0 or node <= 0.
AdcCost murmann_adc(double bits, double conversions_per_s, double node_nm);

// ZigZag-IMC 28 nm forms: E = (100 fF·B + 0.001 fF·4^B)·V², area = 10^(−0.0369·B + 1.206)·2^B µm².
AdcCost zigzag_adc_28nm(int bits, double vdd_v);

// Supply scaling of a converter's energy: (V / V_nominal(node))². The survey's designs run near their node's nominal
// supply (Stillmaker & Baas Table 1, node_scaling.h); the energy of the converters a CIM macro uses (capacitive-DAC
// SAR, flash comparators, charge-redistribution) is capacitive switching C·V² (e.g. Ginsburg & Chandrakasan, JSSC 2007,
// SAR switching energy ∝ C·Vref²), so a converter run at V costs (V/V_nominal)² of the fit.
double adc_supply_scale(double node_nm, double vdd_v);

}  // namespace ohmic::cost
