#include "ohmic/arch/spec.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ohmic::arch {
namespace {

// One table per enum: YAML spelling <-> value. The tables are the single source for names and parsing.
template <class E, size_t N>
using Names = std::array<std::pair<E, const char*>, N>;

template <class E, size_t N>
const char* name_of(const Names<E, N>& table, E value) {
  for (const auto& [e, n] : table)
    if (e == value) return n;
  return "?";
}
template <class E, size_t N>
std::optional<E> value_of(const Names<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (name == n) return e;
  return std::nullopt;
}

constexpr Names<Route, 11> kRoutes{{{Route::kSramDigital, "sram_digital"},
                                    {Route::kSramAnalog, "sram_analog"},
                                    {Route::kSramCharge, "sram_charge"},
                                    {Route::kNorFlash, "nor_flash"},
                                    {Route::kReram, "reram"},
                                    {Route::kPcm, "pcm"},
                                    {Route::kMram, "mram"},
                                    {Route::kDramPim, "dram_pim"},
                                    {Route::kGpu, "gpu"},
                                    {Route::kNpu, "npu"},
                                    {Route::kCpu, "cpu"}}};
constexpr Names<CellKind, 15> kCells{{{CellKind::kSram6t, "sram_6t"},
                                      {CellKind::kSram8t, "sram_8t"},
                                      {CellKind::kSram10t, "sram_10t"},
                                      {CellKind::kSram12t, "sram_12t"},
                                      {CellKind::kSramCap, "sram_cap"},
                                      {CellKind::kGainCell, "gain_cell"},
                                      {CellKind::k1t1r, "1t1r"},
                                      {CellKind::k2t2r, "2t2r"},
                                      {CellKind::k1r, "1r"},
                                      {CellKind::kFloatingGate, "floating_gate"},
                                      {CellKind::kChargeTrap, "charge_trap"},
                                      {CellKind::k1t1mtj, "1t1mtj"},
                                      {CellKind::k2t2mtj, "2t2mtj"},
                                      {CellKind::kDram1t1c, "dram_1t1c"},
                                      {CellKind::kSramC2c, "sram_c2c"}}};
constexpr Names<SignedWeights, 4> kSigned{{{SignedWeights::kDifferentialPair, "differential_pair"},
                                           {SignedWeights::kOffsetColumn, "offset_column"},
                                           {SignedWeights::kTwosComplement, "twos_complement"},
                                           {SignedWeights::kNone, "none"}}};
constexpr Names<InputEncoding, 2> kEncodings{
    {{InputEncoding::kBitSerial, "bit_serial"}, {InputEncoding::kPulseWidth, "pulse_width"}}};
constexpr Names<PulseCoding, 2> kPulseCodings{
    {{PulseCoding::kDuration, "duration"}, {PulseCoding::kCount, "count"}}};
constexpr Names<AdcKind, 6> kAdcs{{{AdcKind::kSar, "sar"},
                                   {AdcKind::kFlash, "flash"},
                                   {AdcKind::kRamp, "ramp"},
                                   {AdcKind::kCco, "cco"},
                                   {AdcKind::kSigmaDelta, "sigma_delta"},
                                   {AdcKind::kSenseAmp, "sense_amp"}}};
constexpr Names<NocKind, 6> kNocs{{{NocKind::kNone, "none"},
                                   {NocKind::kBus, "bus"},
                                   {NocKind::kMesh, "mesh"},
                                   {NocKind::kRing, "ring"},
                                   {NocKind::kHtree, "htree"},
                                   {NocKind::kCrossbar, "crossbar"}}};
constexpr Names<DramKind, 11> kDrams{{{DramKind::kNone, "none"},
                                      {DramKind::kHbm2, "hbm2"},
                                      {DramKind::kHbm2e, "hbm2e"},
                                      {DramKind::kHbm3, "hbm3"},
                                      {DramKind::kLpddr4, "lpddr4"},
                                      {DramKind::kLpddr4x, "lpddr4x"},
                                      {DramKind::kLpddr5, "lpddr5"},
                                      {DramKind::kLpddr5x, "lpddr5x"},
                                      {DramKind::kDdr4, "ddr4"},
                                      {DramKind::kDdr5, "ddr5"},
                                      {DramKind::kGddr6, "gddr6"}}};
constexpr Names<Precision, 8> kPrecisions{{{Precision::kInt4, "int4"},
                                           {Precision::kInt8, "int8"},
                                           {Precision::kFp8, "fp8"},
                                           {Precision::kFp16, "fp16"},
                                           {Precision::kBf16, "bf16"},
                                           {Precision::kTf32, "tf32"},
                                           {Precision::kFp32, "fp32"},
                                           {Precision::kFp64, "fp64"}}};

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

const char* origin_name(Origin origin) {
  switch (origin) {
    case Origin::kGiven: return "given";
    case Origin::kAssumed: return "assumed";
    case Origin::kDefault: return "default";
    case Origin::kAbsent: return "absent";
  }
  return "?";
}

const char* route_name(Route r) { return name_of(kRoutes, r); }
std::optional<Route> route_from_name(std::string_view n) { return value_of(kRoutes, n); }
std::vector<Route> all_routes() {
  std::vector<Route> out;
  for (const auto& [r, n] : kRoutes) out.push_back(r);
  return out;
}
bool is_von_neumann(Route r) { return r == Route::kGpu || r == Route::kNpu || r == Route::kCpu; }
bool is_analog(Route r) {
  return r == Route::kSramAnalog || r == Route::kSramCharge || is_resistive(r);
}
bool is_resistive(Route r) {
  return r == Route::kNorFlash || r == Route::kReram || r == Route::kPcm || r == Route::kMram;
}

const char* cell_kind_name(CellKind c) { return name_of(kCells, c); }
std::optional<CellKind> cell_kind_from_name(std::string_view n) { return value_of(kCells, n); }
const char* signed_weights_name(SignedWeights s) { return name_of(kSigned, s); }
std::optional<SignedWeights> signed_weights_from_name(std::string_view n) { return value_of(kSigned, n); }
const char* input_encoding_name(InputEncoding e) { return name_of(kEncodings, e); }
std::optional<InputEncoding> input_encoding_from_name(std::string_view n) { return value_of(kEncodings, n); }
const char* pulse_coding_name(PulseCoding p) { return name_of(kPulseCodings, p); }
std::optional<PulseCoding> pulse_coding_from_name(std::string_view n) { return value_of(kPulseCodings, n); }
const char* adc_kind_name(AdcKind k) { return name_of(kAdcs, k); }
std::optional<AdcKind> adc_kind_from_name(std::string_view n) { return value_of(kAdcs, n); }
const char* noc_kind_name(NocKind k) { return name_of(kNocs, k); }
std::optional<NocKind> noc_kind_from_name(std::string_view n) { return value_of(kNocs, n); }
const char* dram_kind_name(DramKind k) { return name_of(kDrams, k); }
std::optional<DramKind> dram_kind_from_name(std::string_view n) { return value_of(kDrams, n); }
const char* precision_name(Precision p) { return name_of(kPrecisions, p); }
std::optional<Precision> precision_from_name(std::string_view n) { return value_of(kPrecisions, n); }

int64_t ChipSpec::macro_count() const {
  if (!is_cim()) return 0;
  return tiles.count.value() * tiles.macros_per_tile.value();
}

int64_t ChipSpec::cells_per_macro() const { return is_cim() ? macro.rows.value() * macro.cols.value() : 0; }

// Cells (along a column direction) one weight occupies. A differential pair carries the sign in the pair, so only the
// magnitude bits (weight_bits - 1) are sliced, and it doubles the cells unless the cell itself holds both devices
// (2T2R, 2T2MTJ). Other schemes slice all weight_bits.
bool ChipSpec::pair_in_cell() const {
  const CellKind cell = macro.cell.value();
  return cell == CellKind::k2t2r || cell == CellKind::k2t2mtj;
}

int64_t ChipSpec::cells_per_weight(int weight_bits) const {
  const bool differential = macro.signed_weights.value() == SignedWeights::kDifferentialPair;
  const int sliced_bits = differential ? std::max(1, weight_bits - 1) : weight_bits;
  const int64_t slices = ceil_div(sliced_bits, macro.bits_per_cell.value());
  return differential && !pair_in_cell() ? 2 * slices : slices;
}

int64_t ChipSpec::weights_per_macro(int weight_bits) const {
  int64_t usable_cols = macro.cols.value();
  if (macro.signed_weights.value() == SignedWeights::kOffsetColumn) usable_cols -= 1;
  return macro.rows.value() * (usable_cols / cells_per_weight(weight_bits));
}

int64_t ChipSpec::input_cycles(int input_bits) const {
  if (macro.input.encoding.value() == InputEncoding::kPulseWidth) return 1;
  return ceil_div(input_bits, macro.input.dac_bits.value());
}

}  // namespace ohmic::arch
