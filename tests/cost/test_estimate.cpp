// Full estimates: every preset, baselines, LLM prefill vs decode, macro peak, bottleneck findings.
#include <gtest/gtest.h>

#include <cmath>

#include "ohmic/arch/loader.h"
#include "ohmic/core/error.h"
#include "ohmic/cost/baseline.h"
#include "ohmic/cost/bottlenecks.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/chip_peak.h"
#include "ohmic/cost/components/adc_model.h"
#include "ohmic/cost/estimate.h"
#include "ohmic/cost/macro_model.h"
#include "ohmic/cost/report.h"
#include "ohmic/cost/workload/workload_file.h"
#include "test_chips.h"

namespace ohmic::cost {
namespace {

std::string workload(const std::string& file) { return std::string(OHMIC_SOURCE_DIR) + "/workloads/" + file; }

bool finite_positive(double v) { return std::isfinite(v) && v > 0; }

TEST(Presets, EveryPresetEstimatesWithoutError) {
  const Workload resnet = *read_workload_file(workload("resnet50.yaml")).layers;
  const Workload small = *read_workload_file(workload("small_cnn.yaml")).layers;
  const auto presets = arch::list_presets();
  ASSERT_FALSE(presets.empty());
  int cim = 0, baselines = 0;
  for (const auto& p : presets) {
    SCOPED_TRACE(p.id);
    const auto chip = arch::load_chip(p.path.string());
    if (chip->is_cim()) {
      ++cim;
      const MacroPeak m = macro_peak(*chip, native_point(*chip));
      EXPECT_TRUE(finite_positive(m.tops_per_w()));
      EXPECT_TRUE(finite_positive(m.tops_per_mm2()));
      for (const Workload* w : {&small, &resnet}) {
        const ChipEstimate e = estimate_chip(*w, *chip, 1);
        EXPECT_TRUE(finite_positive(e.energy_per_sample_j));
        EXPECT_TRUE(finite_positive(e.latency_s));
        EXPECT_TRUE(finite_positive(e.area_mm2));
        EXPECT_NEAR(e.macs_per_sample, static_cast<double>(w->total_macs()), 1);
        EXPECT_FALSE(estimate_json(EstimateReport{}).is_null());
      }
    } else {
      ++baselines;
      const BaselineEstimate b = estimate_baseline(resnet, *chip, 1);
      EXPECT_TRUE(finite_positive(b.energy_per_sample_j));
      EXPECT_TRUE(finite_positive(b.samples_per_s));
    }
  }
  EXPECT_GT(cim, 10);
  EXPECT_GE(baselines, 4);  // V100, A100, H100 and an edge NPU at least
  for (const char* id : {"nvidia_v100", "nvidia_a100", "nvidia_h100"}) EXPECT_NO_THROW(arch::load_chip(id)) << id;
}

TEST(MacroPeak, ThroughputFromGeometry) {
  const auto chip = testing::reram_chip();
  const MacroPeak p = macro_peak(*chip, native_point(*chip));
  // 64 rows x 8 weights per read, 8 reads (bit-serial 8-bit inputs) of 10 ns: 2·64·8 / 80 ns = 12.8 GOPS.
  EXPECT_NEAR(p.ops_per_s, 2.0 * 64 * 8 / 80e-9, 1);
  EXPECT_EQ(p.point.input_bits, 8);
  double e = 0;
  for (const auto& s : p.energy_per_mvm) e += s.value;
  EXPECT_NEAR(p.energy_per_op_j, e / (2.0 * 64 * 8), 1e-20);
  // A lower precision point is cheaper per operation on a bit-serial macro.
  EXPECT_GT(macro_peak(*chip, {4, 8, 0, 0}).tops_per_w(), p.tops_per_w());
  EXPECT_THROW(macro_peak(*chip, {16, 8, 0, 0}), Error);  // outside the native range
}

// A chip's own cell area (macro.cell_area, from its paper) replaces the cell kind's figure in the array area and
// nothing else: the periphery and the energy stay as they were.
TEST(MacroPeak, StatedCellAreaReplacesTheCellKindFigure) {
  std::string yaml = testing::reram_chip_yaml();
  yaml.replace(yaml.find("  cell: 1t1r"), 12, "  cell: 1t1r\n  cell_area: \"4.93 um2\"");
  const auto stated = arch::parse_chip_text(yaml, "<test>", "stated");
  const auto plain = testing::reram_chip();
  const MacroPeak a = macro_peak(*stated, native_point(*stated));
  const MacroPeak b = macro_peak(*plain, native_point(*plain));
  auto part = [](const MacroPeak& p, const std::string& name) {
    for (const auto& s : p.area_um2)
      if (s.component == name) return s.value;
    return -1.0;
  };
  EXPECT_NEAR(part(a, "array"), 64 * 64 * 4.93, 1e-6);
  EXPECT_LT(part(b, "array"), 64 * 64 * 1.0);  // 48 F2 at 28 nm = 0.038 um2 per cell
  for (const char* name : {"dac", "adc", "digital"}) EXPECT_DOUBLE_EQ(part(a, name), part(b, name)) << name;
  EXPECT_DOUBLE_EQ(a.energy_per_op_j, b.energy_per_op_j);
}

TEST(Baseline, RooflineAndTdp) {
  const auto h100 = arch::load_chip("nvidia_h100");
  const Workload resnet = *read_workload_file(workload("resnet50.yaml")).layers;
  const BaselineEstimate b = estimate_baseline(resnet, *h100, 1);
  EXPECT_EQ(b.precision, "int8");
  EXPECT_NEAR(b.energy_per_sample_j, b.tdp_w * b.latency_s, 1e-12);
  // At least the compute time at peak.
  EXPECT_GE(b.latency_s, 2.0 * static_cast<double>(resnet.total_macs()) / b.peak_ops_per_s);
  EXPECT_THROW(estimate_baseline(resnet, *testing::reram_chip(), 1), Error);
}

TEST(Llm, DecodeIsMemoryBoundPrefillIsNot) {
  const LlmConfig c = *read_workload_file(workload("llama3-8b.yaml")).llm;
  const auto h100 = arch::load_chip("nvidia_h100");
  const BaselineEstimate pre = estimate_baseline(llm_prefill_workload(c), *h100, 1);
  const BaselineEstimate dec = estimate_baseline(llm_decode_workload(c), *h100, 1);
  EXPECT_GT(dec.memory_bound_s, 10 * dec.compute_bound_s);
  EXPECT_GT(pre.compute_bound_s, pre.memory_bound_s);
  // Decode reads all weights per token: at least the weight bytes over the HBM bandwidth.
  EXPECT_GE(dec.latency_s, static_cast<double>(c.parameter_count() - c.vocab * c.hidden) / *h100->dram.bandwidth_bytes_per_s);

  // On a CIM chip that cannot hold 8 GB of weights, decode is limited by DRAM (and array reloads), not by MVMs.
  const auto chip = arch::load_chip("default_reram");
  EstimateOptions o;
  o.with_baselines = false;
  const EstimateReport r = estimate_llm(*chip, c, o);
  ASSERT_EQ(r.phases.size(), 2u);
  const ChipEstimate& d = r.phases[1].chip;
  EXPECT_FALSE(d.all_weights_resident);
  const double array_s = d.latency_by_bottleneck_s.count("array") ? d.latency_by_bottleneck_s.at("array") : 0;
  EXPECT_LT(array_s, 0.1 * d.latency_s);
  EXPECT_GT(d.energy_by_component_j.at("dram"), d.energy_by_component_j.at("adc"));
  // Per token, prefill amortises the weight traffic over the prompt: cheaper per token than decode.
  EXPECT_LT(r.phases[0].joules_per_token(), r.phases[1].joules_per_token());
  EXPECT_GT(r.phases[0].tokens_per_s(), r.phases[1].tokens_per_s());
}

TEST(Bottlenecks, AdcShareGrowsWithBitsOnAnAnalogChip) {
  const auto chip = arch::load_chip("default_reram");
  const auto shares = adc_shares(*chip, {4, 6, 8});
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_LT(shares[0].energy_share, shares[2].energy_share);
  EXPECT_LE(shares[0].area_share, shares[2].area_share);
  EXPECT_GT(shares[0].tops_per_w, shares[2].tops_per_w);
  // Published analyses: ADCs take ~50 % of power and 30-80 % of area in analog CIM. The model's energy share is in
  // that range; its area share is at or above the top of it (60-94 % over the analog presets: the survey fit's area
  // is that of standalone ADCs), so only the lower bound is asserted here and the excess is reported in the docs.
  EXPECT_GT(shares[2].energy_share, 0.2);
  EXPECT_LT(shares[2].energy_share, 0.9);
  EXPECT_GT(shares[2].area_share, 0.3);
  EXPECT_TRUE(adc_shares(*arch::load_chip("chih_isscc2021")).empty());  // digital: no ADC
}

TEST(Bottlenecks, MacroPeakIsAboveFullChipEfficiency) {
  const Workload resnet = *read_workload_file(workload("resnet50.yaml")).layers;
  for (const char* id : {"default_reram", "metis_isscc2024"}) {
    SCOPED_TRACE(id);
    const auto chip = arch::load_chip(id);
    const ChipEstimate e = estimate_chip(resnet, *chip, 1);
    const BottleneckFindings f = bottleneck_findings(*chip, &e);
    ASSERT_TRUE(f.macro_vs_chip);
    EXPECT_GT(f.macro_vs_chip->ratio(), 1.0);
    EXPECT_GT(macro_peak(*chip, native_point(*chip)).tops_per_w(), chip_peak(*chip, native_point(*chip)).tops_per_w);
    for (size_t i = 1; i < f.adc_growth.size(); ++i) EXPECT_GT(f.adc_growth[i].energy_j, f.adc_growth[i - 1].energy_j);
  }
}

}  // namespace
}  // namespace ohmic::cost
