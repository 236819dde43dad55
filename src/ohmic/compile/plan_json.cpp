#include "ohmic/compile/plan_json.h"

#include <fstream>
#include <sstream>

#include "ohmic/core/error.h"

namespace ohmic::compile {

// Strict: an unknown target name is an error (NLOHMANN_JSON_SERIALIZE_ENUM would silently map it).
void to_json(nlohmann::json& j, const Target& t) { j = target_name(t); }
void from_json(const nlohmann::json& j, Target& t) {
  if (!j.is_string()) throw nlohmann::json::type_error::create(302, "target must be a string", &j);
  t = target_from_name(j.get<std::string>());
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(NodeDecision, node, name, op, target, reason, op_kind, ops, bytes, layer)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ConvGeometry, in_c, in_h, in_w, out_h, out_w, kernel_h, kernel_w, stride_h,
                                   stride_w, dilation_h, dilation_w, pad_top, pad_left, pad_bottom, pad_right)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MatrixForm, kind, groups, rows, cols, positions, batch, weight_transposed, conv,
                                   input, weight, bias, output)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(WeightPlane, shift, sign, digit_min, digit_max)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Encoding, weight_bits, scale_source, input_bits, input_signed, input_signed_reason,
                                   signed_scheme, pair_in_cell, bits_per_cell, weight_slices, planes, reference_column,
                                   weight_offset, input_encoding, dac_bits, input_slices, input_slice_shifts,
                                   rows_per_read, adc_bits_exact, adc_bits_chip, shift_add_bits_exact,
                                   shift_add_bits_chip, accumulator_bits_exact, accumulator_bits_chip)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Placement, tile, macro, round, row_offset, col_offset)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Block, group_begin, group_count, row_begin, row_count, col_begin, col_count,
                                   rows_used, cols_used, row_phases, col_phases, replicas)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LayerCounts, macs, array_reads, dac_activations, cell_reads, adc_conversions,
                                   adder_tree_adds, shift_adds, psum_adds, output_ops, input_bytes, output_bytes,
                                   tile_input_bytes, noc_bytes, weight_cells, weight_bytes, cycles)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LayerPlan, node, name, op, matrix, encoding, row_blocks, col_blocks, blocks,
                                   replication, utilization, counts)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Round, macros_used, weight_bytes, layers)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Schedule, mode, packed, macros_needed, macros_available, macros_used, rounds, reload_bytes,
                                   pipeline_cycles, latency_cycles)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ChipFacts, id, route, rows, cols, rows_active, cols_active, bits_per_cell, tiles,
                                   macros_per_tile, adc_bits, cols_per_adc, has_dram, has_digital_unit)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Plan, format_version, model, chip, batch, passes_run, nodes, layers, schedule,
                                   notes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(OpTotals, nodes, ops, bytes, unknown)

nlohmann::json plan_to_json(const Plan& plan) { return plan; }

Plan plan_from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) fail(where, "a plan is a JSON object", "write it with `ohmic compile --plan FILE`");
  const auto version = j.find("format_version");
  if (version == j.end() || !version->is_number_integer() || version->get<int>() != kPlanFormatVersion)
    fail(where, "plan format_version is not " + std::to_string(kPlanFormatVersion),
         "recompile the model with this version of ohmic");
  try {
    return j.get<Plan>();
  } catch (const nlohmann::json::exception& e) {
    fail(where, std::string("malformed plan: ") + e.what(), "recompile the model with `ohmic compile --plan FILE`");
  }
}

void write_plan_file(const Plan& plan, const std::string& path) {
  std::ofstream out(path);
  if (!out) fail(path, "cannot open for writing", "check the folder exists and is writable");
  out << plan_to_json(plan).dump(1) << "\n";
  if (!out) fail(path, "write failed", "check free disk space");
}

Plan read_plan_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail(path, "cannot open plan file", "check the path");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    fail(path, std::string("not JSON: ") + e.what(), "write plans with `ohmic compile --plan FILE`");
  }
  return plan_from_json(j, path);
}

nlohmann::json action_counts_to_json(const ActionCounts& a) {
  return nlohmann::json{{"cim", a.cim},
                        {"cim_layers", a.cim_layers},
                        {"host", a.host},
                        {"digital_unit", a.digital_unit},
                        {"layout", a.layout},
                        {"host_by_kind", a.host_by_kind},
                        {"digital_by_kind", a.digital_by_kind},
                        {"reload_bytes", a.reload_bytes},
                        {"rounds", a.rounds},
                        {"pipeline_cycles", a.pipeline_cycles},
                        {"latency_cycles", a.latency_cycles},
                        {"macros_used", a.macros_used},
                        {"macros_available", a.macros_available},
                        {"batch", a.batch}};
}

}  // namespace ohmic::compile
