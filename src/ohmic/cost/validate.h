#pragma once
// `ohmic validate`: every published figure in data/published-cim.yaml beside what the cost model gives for the preset
// that references it (`reference:` in the preset), with the error, grouped by level (macro, chip, vendor claim).
// Constants are global; nothing is fitted per preset. Figures the model cannot reproduce (no preset, precision outside
// the preset, a network whose geometry the record does not give) are listed with the reason instead of a number.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ohmic/arch/spec.h"

namespace ohmic::cost {

struct ValidationRow {
  std::string group;        // "macro", "chip" or "vendor"
  std::string id;           // record id in published-cim.yaml
  std::string preset;       // preset id ("" when none references the record)
  std::string route;
  std::string level;        // level as published (macro, core, array, chip, soc, vendor)
  std::string metric;       // tops, tops_per_w, tops_per_mm2, fj_per_mac, power_w, fps, fps_per_w, tokens_per_s
  std::string condition;    // precision, voltage, batch ...
  std::string tag;          // P / T / V / D
  double published = 0;     // the figure (lower end for ranges and bounds)
  double published_hi = 0;  // upper end of a range (0 = single value)
  bool lower_bound = false; // the claim is "> published"
  std::optional<double> ours;
  // The preset's organisation was derived from this very figure (its `sized_from:`): ours reproduces it by
  // construction, so the row is shown as "not a check", without an error, and left out of every statistic.
  bool sized_from = false;
  std::string reason;       // why there is no number, or a remark
  // ours / published (1 = exact); inside a range or above a lower bound counts as 1.
  double ratio() const;
  double abs_error() const { return ours ? std::abs(ratio() - 1) : 0; }
  bool is_check() const { return ours.has_value() && !sized_from; }  // a figure the model predicts
};

struct ValidationSummary {
  double median_abs_error_tops_per_w = 0;    // macro group
  double median_abs_error_tops_per_mm2 = 0;  // macro group
  int count_tops_per_w = 0, count_tops_per_mm2 = 0;
  struct Route {
    std::string route;
    int figures = 0;
    double median_factor = 1;  // median of max(r, 1/r) over the route's macro efficiency/density figures
    double worst_factor = 1;
    std::string worst;         // "id metric"
  };
  std::vector<Route> routes;
  bool meets_target = false;   // both medians <= 25 % and no route's median factor > 2
};

struct ValidationReport {
  std::string data_path;
  std::vector<ValidationRow> rows;
  ValidationSummary summary;
};

// Path of data/published-cim.yaml: $OHMIC_PUBLISHED, else <source>/data/published-cim.yaml, else ./data/....
std::string published_data_path();
ValidationReport validate_published(const std::string& data_path = published_data_path());
// The same against the given chips instead of the preset folders (each matched to a record by its reference_id).
ValidationReport validate_published(const std::string& data_path, const std::vector<arch::ChipSpecPtr>& chips);

std::string validation_text(const ValidationReport& r);
nlohmann::json validation_json(const ValidationReport& r);

}  // namespace ohmic::cost
