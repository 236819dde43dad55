#pragma once
// ChipSpec: the immutable, validated description of one chip (a compute-in-memory chip or a von Neumann baseline),
// built only by the loader (ohmic/arch/loader.h) from YAML (docs/chip-format.md documents every field).
//
// Conventions
// - Units live in the member names: `_v` volts, `_hz` hertz, `_nm`/`_mm` lengths, `_bytes`, `_bytes_per_s`,
//   `_j` joules, `_s` seconds or siemens where the name says (g_*_s = siemens), `_w` watts, `_ops_per_s`.
//   Every value is stored in the unit its name states, already converted from the YAML's unit string.
// - Every field is a Field<T> (ohmic/arch/field.h): it has a value or not, and an Origin — given (paper), assumed
//   (named in the preset's `assumptions:`), default (loader rule, in note()), or absent (no value; the consumer
//   decides and should say so).
// - After loading, every field documented as "always set" has_value(); the loader validated ranges and combinations,
//   so consumers may rely on: rows/cols > 0, rows_active <= rows, cols % cols_per_adc == 0, bits within range, ...
// - Obtain specs as ChipSpecPtr (shared_ptr<const ChipSpec>); the struct is plain data so it can be copied and read
//   freely, but only the loader creates one (sweeps use the loader's overrides, never hand edits).
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ohmic/arch/field.h"

namespace ohmic::arch {

// ---- enumerations (each has a *_name() giving its YAML spelling and a *_from_name() parser) ----

// Technology route. CIM routes first, then von Neumann kinds used for baselines.
enum class Route {
  kSramDigital,  // SRAM cells + digital multipliers/adder tree (bit-serial), no ADC: TSMC, Colonnade, Metis
  kSramAnalog,   // SRAM cells, current/voltage-domain analog accumulation on bitlines, ADC per column group
  kSramCharge,   // SRAM cells + capacitors, charge-domain accumulation (Princeton, Intel C-2C, EnCharge)
  kNorFlash,     // floating-gate / charge-trap NOR flash in analog (Mythic, Witmem)
  kReram,        // resistive RAM (1T1R / 2T2R), analog crossbar
  kPcm,          // phase-change memory, analog crossbar (IBM)
  kMram,         // magnetic RAM (STT/SOT)
  kDramPim,      // DRAM with processing units next to the banks (HBM-PIM, GDDR6-AiM): digital
  kGpu,          // von Neumann baselines
  kNpu,
  kCpu,
};
const char* route_name(Route r);
std::optional<Route> route_from_name(std::string_view name);
bool is_von_neumann(Route r);   // gpu, npu, cpu
bool is_analog(Route r);        // sram_analog, sram_charge, nor_flash, reram, pcm, mram: MVM result leaves via ADC
bool is_resistive(Route r);     // nor_flash, reram, pcm, mram: weights are conductances (g_min_s/g_max_s apply)
std::vector<Route> all_routes();

enum class CellKind {
  kSram6t, kSram8t, kSram10t, kSram12t, kSramCap,  // kSramCap: SRAM cell + local capacitor (charge domain)
  kGainCell,                                        // 2T/3T eDRAM-like gain cell (TSMC ISSCC 2024)
  k1t1r, k2t2r, k1r,                                // resistive (ReRAM, PCM)
  kFloatingGate, kChargeTrap,                       // NOR flash
  k1t1mtj, k2t2mtj,                                 // MRAM
  kDram1t1c,                                        // DRAM
  kSramC2c,  // SRAM bit cell driving one branch of a C-2C capacitor ladder (binary weighting in charge; Intel 2022)
};
const char* cell_kind_name(CellKind c);
std::optional<CellKind> cell_kind_from_name(std::string_view name);

// How a signed weight is stored.
enum class SignedWeights {
  kDifferentialPair,  // w = G+ - G-: two cells (or two columns) per weight slice
  kOffsetColumn,      // w stored with an offset; one reference column per array is subtracted
  kTwosComplement,    // digital: the MSB slice carries negative weight
  kNone,              // unsigned weights only
};
const char* signed_weights_name(SignedWeights s);
std::optional<SignedWeights> signed_weights_from_name(std::string_view name);

enum class InputEncoding {
  kBitSerial,   // input applied dac_bits per cycle, LSB first; results shifted and added
  kPulseWidth,  // input as one pulse whose duration has pulse_levels levels (one read per input)
};
const char* input_encoding_name(InputEncoding e);
std::optional<InputEncoding> input_encoding_from_name(std::string_view name);

// How a pulse_width input's value is carried in time: one pulse of `value` unit durations, or `value` unit pulses
// (a pulse train: each pulse charges the wordline again). The integrated cell charge is the same; the energy is not.
enum class PulseCoding { kDuration, kCount };
const char* pulse_coding_name(PulseCoding p);
std::optional<PulseCoding> pulse_coding_from_name(std::string_view name);

enum class AdcKind { kSar, kFlash, kRamp, kCco, kSigmaDelta, kSenseAmp };  // kCco: current-controlled oscillator
const char* adc_kind_name(AdcKind k);
std::optional<AdcKind> adc_kind_from_name(std::string_view name);

enum class NocKind { kNone, kBus, kMesh, kRing, kHtree, kCrossbar };
const char* noc_kind_name(NocKind k);
std::optional<NocKind> noc_kind_from_name(std::string_view name);

enum class DramKind { kNone, kHbm2, kHbm2e, kHbm3, kLpddr4, kLpddr4x, kLpddr5, kLpddr5x, kDdr4, kDdr5, kGddr6 };
const char* dram_kind_name(DramKind k);
std::optional<DramKind> dram_kind_from_name(std::string_view name);

// Numeric formats for von Neumann peak throughput.
enum class Precision { kInt4, kInt8, kFp8, kFp16, kBf16, kTf32, kFp32, kFp64 };
const char* precision_name(Precision p);
std::optional<Precision> precision_from_name(std::string_view name);

// ---- parts ----

struct BitRange {  // supported (native) precision, inclusive: 1 <= min <= max <= 32
  int min = 0;
  int max = 0;
};

struct AdcSpec {                    // absent entirely (kind has no value) for digital routes
  Field<AdcKind> kind;              // sar | flash | ramp | cco | sigma_delta | sense_amp
  Field<int> bits;                  // resolution, 1..16
  Field<int64_t> cols_per_adc;      // physical columns per ADC; divides macro cols; default 1. ADCs per macro =
                                    //   cols / cols_per_adc. The columns of one weight (differential pair, bit
                                    //   slices) may be combined before conversion; the rest are time-multiplexed
  Field<double> step_time_s;        // time of one converter step at the chip's vdd (the paper's figure: a SAR bit
                                    //   decision, a ramp/CCO/sigma-delta count, a flash decision); a conversion takes
                                    //   1 (flash, sense_amp), bits (sar) or 2^bits (ramp, cco, sigma_delta) steps;
                                    //   absent = the kind's core-clock count (cost/macro_model.h)
  bool present() const { return kind.has_value(); }
};

struct InputSpec {
  Field<InputEncoding> encoding;    // always set; default bit_serial
  Field<int> dac_bits;              // input bits applied per cycle; default 1 (plain wordline driver). Analog
                                    //   routes: DAC resolution 1..8; digital routes: 1..32 (= input bits: parallel)
  Field<int> pulse_levels;          // pulse_width only: number of distinct durations, >= 2; default 2^input_bits.max
  Field<PulseCoding> pulse_coding;  // pulse_width only: duration (one pulse) or count (a train of unit pulses);
                                    //   default duration; absent on bit_serial
};

struct AdderTreeSpec {              // digital SRAM (and DRAM-PIM) only; absent on analog routes
  Field<int64_t> inputs;            // operands summed per column per cycle; default rows_active
  Field<int> output_bits;           // default ceil(log2(inputs)) + 1 (1-bit x 1-bit products)
};

struct MacroSpec {                  // one array with its periphery; CIM routes only (absent fields on gpu/npu/cpu)
  Field<int64_t> rows;              // wordlines (inputs), always set on CIM routes
  Field<int64_t> cols;              // bitlines (cells per row), always set on CIM routes
  Field<int64_t> rows_active;       // rows driven in one cycle; default rows
  Field<int64_t> cols_active;       // columns read in one cycle; default cols
  Field<int> bits_per_cell;         // 1..4 for SRAM/DRAM (1 for SRAM), 1..8 for resistive; default 1
  Field<CellKind> cell;             // always set on CIM routes (required)
  Field<SignedWeights> signed_weights;  // default: twos_complement (digital routes), differential_pair (analog)
  Field<BitRange> weight_bits;      // native weight precision, required
  Field<BitRange> input_bits;       // native input precision, required
  InputSpec input;                  // input encoding and DAC
  AdcSpec adc;                      // required on analog routes, absent on digital ones
  AdderTreeSpec adder_tree;         // digital routes only
  Field<int> shift_add_bits;        // shift-and-add register width; default weight_bits.max + input_bits.max +
                                    //   ceil(log2 rows_active) (lossless)
  Field<int> accumulator_bits;      // output accumulator width; default shift_add_bits
  Field<double> g_min_s;            // resistive routes: lowest programmed conductance (siemens); absent = device default
  Field<double> g_max_s;            // resistive routes: highest programmed conductance (siemens); absent = device default
  Field<double> read_voltage_v;     // resistive routes: read voltage on the wordline; absent = cost/device default
  Field<double> wire_resistance_ohm;  // resistive routes: one row/column wire segment between neighbouring cells
                                    //   (IR drop); >= 0 (0 = ideal wires); absent = device default from the node
  Field<double> array_read_time_s;  // time of one array read (one input slice); default 1 / clock_hz
  Field<double> cell_area_m2;       // the design's own area per array cell (one of the rows x cols positions), from
                                    //   its paper; absent = the cost model's figure for the cell kind and node
};

struct BufferSpec {                 // an SRAM buffer; absent capacity = no such buffer
  Field<int64_t> capacity_bytes;
  Field<int> width_bits;            // port width (bits per access); default 64 when capacity is given
  bool present() const { return capacity_bytes.has_value() && *capacity_bytes > 0; }
};

struct TileSpec {
  Field<int64_t> count;             // tiles on the chip, always set on CIM routes; default 1
  Field<int64_t> macros_per_tile;   // always set on CIM routes; default 1
  BufferSpec buffer;                // per-tile buffer (activations/partial sums)
};

struct NocSpec {
  Field<NocKind> kind;              // always set; default none when tiles.count == 1 else mesh
  Field<int> link_bits;             // bits a link moves per cycle; default 64 when kind != none
  Field<double> hop_length_mm;      // wire length of one hop; absent = cost model derives it from area
};

struct DramSpec {
  Field<DramKind> kind;             // always set; default none
  Field<int64_t> capacity_bytes;    // required when kind != none
  Field<double> bandwidth_bytes_per_s;  // required when kind != none
  bool present() const { return kind.has_value() && *kind != DramKind::kNone; }
};

struct HostSpec {                   // the CPU that runs non-CIM ops (absent kind = no on-chip host)
  Field<std::string> kind;          // free text, e.g. "RISC-V RV32IMC"
  Field<double> ops_per_s;          // absent = cost model estimate from clock
  Field<double> energy_per_op_j;    // absent = cost model constant
  bool present() const { return kind.has_value(); }
};

struct DigitalUnitSpec {            // vector/SIMD unit for non-MVM ops (activation, pooling, softmax)
  Field<int64_t> lanes;             // absent = no digital unit
  Field<int> lane_bits;             // default 8 when lanes given
  bool present() const { return lanes.has_value(); }
};

struct VonNeumannSpec {             // gpu / npu / cpu routes only
  std::map<Precision, Field<double>> peak_ops_per_s;  // datasheet dense peak per format (1 MAC = 2 ops); >= 1 entry
  Field<double> tdp_w;              // thermal design power (or rated power for edge parts); required
  Field<int64_t> on_chip_sram_bytes;  // total on-chip SRAM (caches, scratchpads); optional
};

// One "field=value" change applied to the YAML before validation (sweeps: {"macro.adc.bits", "6"}).
// The value is YAML text ("6", "0.7 V", "mesh"); the field path must be a documented field.
struct ChipOverride {
  std::string field;
  std::string value;
};

// Metric names `sized_from:` may list: the names `ohmic validate` gives a record's figures (tops also stands for
// gops / tops_int8 claims, tops_per_w for fj_per_mac and the *_claim / *_chip spellings).
inline constexpr std::array<std::string_view, 8> kSizedFromMetrics = {
    "tops", "tops_per_w", "tops_per_mm2", "power_w", "fps", "fps_per_w", "energy_per_inference_uj", "tokens_per_s"};

struct Assumption {                 // one entry of the YAML `assumptions:` list
  std::string field;                // dotted path it concerns ("macro.adc.bits"), or "" for a general note
  std::string why;
};

// ---- the chip ----
struct ChipSpec {
  std::string id;                   // preset id = file stem ("neurram_nature2022")
  std::string name;                 // human name, required
  std::string summary;              // one line, required
  std::string citation;             // paper / DOI / URL text, required
  std::string reference_id;         // id in data/published-cim.yaml ("" when none); reference only, never an input
  std::vector<Assumption> assumptions;
  // Metrics of the reference record that the organisation (bank count, clock) was derived from: `ohmic validate`
  // shows those figures as "not a check" and leaves them out of every statistic. Needs reference_id.
  std::vector<std::string> sized_from;
  std::string source_path;          // file it came from (the origin name for parse_chip_text)
  std::string source_text;          // the YAML it was parsed from (so with_overrides() can re-derive it)
  std::vector<ChipOverride> overrides;  // overrides applied on top of source_text, in order

  Route route = Route::kReram;      // required
  Field<double> node_nm;            // process node, required (1..1000 nm)
  Field<double> vdd_v;              // core supply, required on CIM routes (0.2..5 V); optional on gpu/npu/cpu
  Field<double> clock_hz;           // core clock, required (> 0)

  MacroSpec macro;                  // CIM routes
  TileSpec tiles;                   // CIM routes
  BufferSpec global_buffer;         // chip-level SRAM buffer
  NocSpec noc;
  DramSpec dram;
  HostSpec host;
  DigitalUnitSpec digital_unit;
  VonNeumannSpec von_neumann;       // gpu/npu/cpu routes

  bool is_cim() const { return !is_von_neumann(route); }
  int64_t macro_count() const;      // tiles.count * tiles.macros_per_tile (0 for von Neumann)
  int64_t cells_per_macro() const;  // rows * cols
  // True when one cell holds both devices of a differential pair (2t2r, 2t2mtj).
  bool pair_in_cell() const;
  // Cells one signed weight of `weight_bits` occupies: ceil(weight_bits / bits_per_cell) slices; with a
  // differential_pair the pair carries the sign, so ceil((weight_bits - 1) / bits_per_cell) slices (at least 1),
  // x2 unless the cell holds the pair itself (2t2r, 2t2mtj).
  int64_t cells_per_weight(int weight_bits) const;
  // Weights one macro holds at `weight_bits` (offset_column reserves one column per macro for the reference).
  int64_t weights_per_macro(int weight_bits) const;
  // Input slices (array reads) per input of `input_bits`: bit_serial ceil(input_bits / dac_bits), pulse_width 1.
  int64_t input_cycles(int input_bits) const;
};

using ChipSpecPtr = std::shared_ptr<const ChipSpec>;

}  // namespace ohmic::arch
