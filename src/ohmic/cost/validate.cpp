#include "ohmic/cost/validate.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "ohmic/arch/loader.h"
#include "ohmic/core/error.h"
#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/chip_peak.h"
#include "ohmic/cost/macro_model.h"
#include "ohmic/cost/workload/llm.h"
#include "ohmic/cost/workload/workload_file.h"

namespace ohmic::cost {
namespace {

using Presets = std::map<std::string, arch::ChipSpecPtr>;  // reference id -> preset

Presets presets_by_reference(const std::vector<arch::ChipSpecPtr>& chips) {
  Presets m;
  for (const auto& chip : chips)
    if (!chip->reference_id.empty()) m.emplace(chip->reference_id, chip);
  return m;
}

std::vector<arch::ChipSpecPtr> all_presets() {
  std::vector<arch::ChipSpecPtr> chips;
  for (const auto& p : arch::list_presets()) chips.push_back(arch::load_chip(p.path.string()));
  return chips;
}

// Rows whose figure the preset was sized from (`sized_from:` in the preset) are not checks.
void mark_sized_from(std::vector<ValidationRow>& rows, const Presets& presets) {
  for (auto& r : rows) {
    const auto it = presets.find(r.id);
    if (it == presets.end()) continue;
    const auto& sized = it->second->sized_from;
    if (std::find(sized.begin(), sized.end(), r.metric) == sized.end()) continue;
    r.sized_from = true;
    r.reason = "sized from this claim: not a check" + (r.reason.empty() ? "" : "; " + r.reason);
  }
}

std::string workload_path(const std::string& file) {
  return (std::filesystem::path(OHMIC_SOURCE_DIR) / "workloads" / file).string();
}

std::optional<double> number(const YAML::Node& n) {
  if (!n.IsDefined() || !n.IsScalar()) return std::nullopt;
  try {
    return n.as<double>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

std::optional<int> bits(const YAML::Node& n) {
  const auto v = number(n);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

ValidationRow base_row(const std::string& group, const std::string& id, const Presets& presets, std::string level,
                       std::string tag) {
  ValidationRow r;
  r.group = group;
  r.id = id;
  r.level = std::move(level);
  r.tag = std::move(tag);
  const auto it = presets.find(id);
  if (it != presets.end()) {
    r.preset = it->second->id;
    r.route = arch::route_name(it->second->route);
  }
  return r;
}

struct PointResult {
  OperatingPoint point;
  double tops = 0, tops_per_w = 0, tops_per_mm2 = 0, power_w = 0;
};

// Macro level: all of the preset's macros at peak (papers call the whole array set "the macro"); chip level: the
// full-chip peak (buffers, NoC, post-processing and leakage included).
PointResult evaluate(const arch::ChipSpec& chip, const OperatingPoint& p, bool macro_level) {
  PointResult r;
  if (macro_level) {
    const MacroPeak m = macro_peak(chip, p);
    const double n = static_cast<double>(chip.macro_count());
    r.point = m.point;
    r.tops = m.tops() * n;
    r.tops_per_w = m.tops_per_w();
    r.tops_per_mm2 = m.tops_per_mm2();
    r.power_w = m.power_w * n;
  } else {
    const ChipPeak c = chip_peak(chip, p);
    r.point = c.point;
    r.tops = c.tops;
    r.tops_per_w = c.tops_per_w;
    r.tops_per_mm2 = c.tops_per_mm2;
    r.power_w = c.power_w;
  }
  return r;
}

void add_point_rows(std::vector<ValidationRow>& rows, const YAML::Node& rec, const YAML::Node& pt, const Presets& presets) {
  const std::string id = rec["id"].as<std::string>();
  const std::string level = pt["level"] ? pt["level"].as<std::string>() : "macro";
  const bool macro_level = level == "macro" || level == "core" || level == "array";
  const std::string group = macro_level ? "macro" : "chip";
  const std::string tag = pt["tag"] ? pt["tag"].as<std::string>() : "";
  struct Metric {
    const char* key;
    const char* metric;
    double scale;
  };
  static const Metric metrics[] = {{"tops", "tops", 1},
                                   {"gops", "tops", 1e-3},
                                   {"tops_per_w", "tops_per_w", 1},
                                   {"tops_per_mm2", "tops_per_mm2", 1},
                                   {"fj_per_mac", "fj_per_mac", 1},  // converted to TOPS/W below
                                   {"tops_per_w_range", "tops_per_w", 1},
                                   {"tflops_per_w_range", "tflops_per_w", 1},
                                   {"tops_per_w_per_bit", "tops_per_w_per_bit", 1},
                                   {"tops_per_mm2_per_bit", "tops_per_mm2_per_bit", 1}};
  const auto preset = presets.find(id);
  std::optional<PointResult> res;
  std::string failure;
  OperatingPoint p;
  if (preset != presets.end()) {
    try {
      // A point that states its output resolution (NeuRRAM) runs with the ADC at that resolution.
      arch::ChipSpecPtr chip = preset->second;
      if (const auto ob = bits(pt["output_bits"]); ob && chip->macro.adc.present())
        chip = arch::load_chip(chip->source_path, {{"macro.adc.bits", std::to_string(*ob)}});
      p.input_bits = bits(pt["input_bits"]).value_or(chip->macro.input_bits->max);
      p.weight_bits = bits(pt["weight_bits"]).value_or(chip->macro.weight_bits->max);
      p.vdd_v = number(pt["vdd_v"]).value_or(0);
      // A point that states its clock (the paper's frequency at that supply) runs at it, instead of the alpha-power
      // law's estimate from the preset's clock.
      if (const auto mhz = number(pt["freq_mhz"])) p.clock_hz = *mhz * 1e6;
      res = evaluate(*chip, p, macro_level);
    } catch (const Error& e) {
      failure = e.what();
    }
  } else {
    failure = "no preset references this record";
  }
  for (const auto& m : metrics) {
    const YAML::Node v = pt[m.key];
    if (!v.IsDefined()) continue;
    ValidationRow r = base_row(group, id, presets, level, tag);
    r.metric = m.metric;
    if (v.IsSequence() && v.size() == 2) {
      r.published = v[0].as<double>() * m.scale;
      r.published_hi = v[1].as<double>() * m.scale;
    } else {
      r.published = v.as<double>() * m.scale;
    }
    if (r.metric == "fj_per_mac") {  // the same quantity as TOPS/W (1 MAC = 2 ops): compared as TOPS/W
      r.metric = "tops_per_w";
      r.published = 2e3 / r.published;
      r.reason = fmt::format("published as {} fJ/MAC", v.as<double>());
    }
    if (res) {
      r.condition = fmt::format("{}b/{}b {:.2f} V", res->point.input_bits, res->point.weight_bits, res->point.vdd_v);
      if (r.metric == "tops") r.ours = res->tops;
      else if (r.metric == "tops_per_w") r.ours = res->tops_per_w;
      else if (r.metric == "tops_per_mm2") r.ours = res->tops_per_mm2;
      else r.reason = "not modelled (floating-point or per-bit normalised figure)";
    } else {
      r.reason = failure;
    }
    if (pt["note"]) r.reason += (r.reason.empty() ? "" : "; ") + pt["note"].as<std::string>();
    rows.push_back(std::move(r));
  }
}

void add_network_rows(std::vector<ValidationRow>& rows, const YAML::Node& rec, const YAML::Node& net, const Presets& presets) {
  const std::string id = rec["id"].as<std::string>();
  const std::string model = net["model"] ? net["model"].as<std::string>() : "";
  const std::string level = net["level"] ? net["level"].as<std::string>() : "chip";
  const std::string tag = net["tag"] ? net["tag"].as<std::string>() : "";
  for (const char* key : {"fps", "fps_per_w", "energy_per_inference_uj"}) {
    if (!net[key]) continue;
    ValidationRow r = base_row("chip", id, presets, level, tag);
    r.metric = key;
    r.published = net[key].as<double>();
    r.condition = fmt::format("{} on {}", model.empty() ? "network" : model, net["task"] ? net["task"].as<std::string>() : "?");
    const auto preset = presets.find(id);
    if (model != "resnet50") {
      r.reason = "the record does not give this network's geometry";
    } else if (preset == presets.end()) {
      r.reason = "no preset references this record";
    } else {
      try {
        const Workload w = *read_workload_file(workload_path("resnet50.yaml")).layers;
        const ChipEstimate e = estimate_chip(w, *preset->second, 1);
        if (r.metric == "fps") r.ours = e.samples_per_s;
        else if (r.metric == "fps_per_w") r.ours = 1 / e.energy_per_sample_j;
        else r.ours = e.energy_per_sample_j * 1e6;
        r.condition += ", batch 1";
      } catch (const Error& e) {
        r.reason = e.what();
      }
    }
    rows.push_back(std::move(r));
  }
}

// "12", "[3, 4]", ">4", "10-100": value, range or lower bound.
bool parse_claim(const YAML::Node& n, double scale, ValidationRow& r) {
  if (n.IsSequence() && n.size() == 2) {
    r.published = n[0].as<double>() * scale;
    r.published_hi = n[1].as<double>() * scale;
    return true;
  }
  if (!n.IsScalar()) return false;
  if (const auto v = number(n)) {
    r.published = *v * scale;
    return true;
  }
  std::smatch m;
  const std::string s = n.as<std::string>();
  static const std::regex bound(R"(^\s*>\s*([0-9.]+))"), range(R"(^\s*([0-9.]+)\s*-\s*([0-9.]+))");
  if (std::regex_search(s, m, bound)) {
    r.published = std::stod(m[1]) * scale;
    r.lower_bound = true;
    return true;
  }
  if (std::regex_search(s, m, range)) {
    r.published = std::stod(m[1]) * scale;
    r.published_hi = std::stod(m[2]) * scale;
    return true;
  }
  return false;
}

void add_product_rows(std::vector<ValidationRow>& rows, const YAML::Node& rec, const Presets& presets) {
  const std::string id = rec["id"].as<std::string>();
  const auto preset = presets.find(id);
  std::optional<PointResult> peak;
  std::string failure = preset == presets.end() ? "no preset references this record" : "";
  if (preset != presets.end()) {
    try {
      OperatingPoint p = native_point(*preset->second);
      p.input_bits = std::clamp(8, preset->second->macro.input_bits->min, preset->second->macro.input_bits->max);
      p.weight_bits = std::clamp(8, preset->second->macro.weight_bits->min, preset->second->macro.weight_bits->max);
      peak = evaluate(*preset->second, p, false);
    } catch (const Error& e) {
      failure = e.what();
    }
  }
  struct Claim {
    const char* key;
    const char* metric;
    double scale;
  };
  static const Claim claims[] = {{"tops", "tops", 1},           {"tops_int8", "tops", 1},
                                 {"gops", "tops", 1e-3},         {"tops_per_w", "tops_per_w", 1},
                                 {"tops_per_w_claim", "tops_per_w", 1}, {"tops_per_w_chip", "tops_per_w", 1},
                                 {"power_w", "power_w", 1}};
  for (const auto& c : claims) {
    if (!rec[c.key]) continue;
    ValidationRow r = base_row("vendor", id, presets, "vendor", rec["tag"] ? rec["tag"].as<std::string>() : "V");
    r.metric = c.metric;
    if (!parse_claim(rec[c.key], c.scale, r)) continue;
    if (peak) {
      r.condition = fmt::format("chip peak {}b/{}b", peak->point.input_bits, peak->point.weight_bits);
      if (r.metric == "tops") r.ours = peak->tops;
      else if (r.metric == "tops_per_w") r.ours = peak->tops_per_w;
      else r.ours = peak->power_w;
    } else {
      r.reason = failure;
    }
    rows.push_back(std::move(r));
  }
  if (rec["resnet50_fps"] && preset != presets.end()) {
    for (const auto& [key, batch] : {std::pair<const char*, int64_t>{"batch1", 1}, {"batch8", 8}}) {
      if (!rec["resnet50_fps"][key]) continue;
      ValidationRow r = base_row("vendor", id, presets, "vendor", "V");
      r.metric = "fps";
      r.published = rec["resnet50_fps"][key].as<double>();
      r.condition = fmt::format("resnet50, batch {}", batch);
      try {
        const Workload w = *read_workload_file(workload_path("resnet50.yaml")).layers;
        r.ours = estimate_chip(w, *preset->second, batch).samples_per_s;
      } catch (const Error& e) {
        r.reason = e.what();
      }
      rows.push_back(std::move(r));
    }
  }
  if (rec["llm"] && preset != presets.end()) {
    const std::string text = rec["llm"].as<std::string>();
    std::smatch m;
    static const std::regex range(R"(([0-9]+)\s*-\s*([0-9]+)\s*tokens/s)"), plus(R"(([0-9]+)\+\s*tokens/s)"),
        single(R"(([0-9][0-9,]*)\s*tokens/s)");
    ValidationRow r = base_row("vendor", id, presets, "vendor", "V");
    r.metric = "tokens_per_s";
    r.condition = "decode: " + text;
    bool ok = true;
    if (std::regex_search(text, m, range)) {
      r.published = std::stod(m[1]);
      r.published_hi = std::stod(m[2]);
    } else if (std::regex_search(text, m, plus)) {
      r.published = std::stod(m[1]);
      r.lower_bound = true;
    } else if (std::regex_search(text, m, single)) {
      std::string digits = m[1];
      digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
      r.published = std::stod(digits);
    } else {
      ok = false;
    }
    const std::string file = text.find("8B") != std::string::npos || text.find("8b") != std::string::npos
                                 ? "llama3-8b.yaml"
                                 : (text.find("7B") != std::string::npos ? "llama2-7b.yaml" : "");
    if (ok && !file.empty()) {
      try {
        const LlmConfig cfg = *read_workload_file(workload_path(file)).llm;
        r.ours = estimate_chip(llm_decode_workload(cfg), *preset->second, cfg.batch).samples_per_s;
        r.reason = "ours: " + file + ", batch 1";
      } catch (const Error& e) {
        r.reason = e.what();
      }
      rows.push_back(std::move(r));
    }
  }
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

ValidationSummary summarize(const std::vector<ValidationRow>& rows) {
  ValidationSummary s;
  std::vector<double> e_w, e_mm2;
  std::map<std::string, std::vector<std::pair<double, std::string>>> by_route;
  for (const auto& r : rows) {
    if (r.group != "macro" || !r.is_check()) continue;
    if (r.metric != "tops_per_w" && r.metric != "tops_per_mm2") continue;
    (r.metric == "tops_per_w" ? e_w : e_mm2).push_back(r.abs_error());
    const double f = std::max(r.ratio(), 1 / r.ratio());
    by_route[r.route].push_back({f, r.id + " " + r.metric});
  }
  s.median_abs_error_tops_per_w = median(e_w);
  s.median_abs_error_tops_per_mm2 = median(e_mm2);
  s.count_tops_per_w = static_cast<int>(e_w.size());
  s.count_tops_per_mm2 = static_cast<int>(e_mm2.size());
  bool routes_ok = true;
  for (const auto& [route, v] : by_route) {
    ValidationSummary::Route rr;
    rr.route = route;
    rr.figures = static_cast<int>(v.size());
    std::vector<double> f;
    for (const auto& [x, what] : v) {
      f.push_back(x);
      if (x >= rr.worst_factor) rr.worst_factor = x, rr.worst = what;
    }
    rr.median_factor = median(f);
    routes_ok &= rr.median_factor <= 2;
    s.routes.push_back(rr);
  }
  s.meets_target = s.median_abs_error_tops_per_w <= 0.25 && s.median_abs_error_tops_per_mm2 <= 0.25 && routes_ok;
  return s;
}

std::string fmt_value(double v) { return fmt::format("{:.4g}", v); }

}  // namespace

double ValidationRow::ratio() const {
  if (!ours) return 1;
  const double o = *ours;
  if (lower_bound) return o >= published ? 1 : o / published;
  if (published_hi > 0) {
    if (o >= published && o <= published_hi) return 1;
    return o < published ? o / published : o / published_hi;
  }
  return o / published;
}

std::string published_data_path() {
  if (const char* env = std::getenv("OHMIC_PUBLISHED")) return env;
  const auto src = std::filesystem::path(OHMIC_SOURCE_DIR) / "data" / "published-cim.yaml";
  if (std::filesystem::exists(src)) return src.string();
  return "data/published-cim.yaml";
}

ValidationReport validate_published(const std::string& data_path) {
  return validate_published(data_path, all_presets());
}

ValidationReport validate_published(const std::string& data_path, const std::vector<arch::ChipSpecPtr>& chips) {
  ValidationReport rep;
  rep.data_path = data_path;
  YAML::Node root;
  try {
    root = YAML::LoadFile(data_path);
  } catch (const YAML::BadFile&) {
    fail(data_path, "cannot open the published-figures file", "set OHMIC_PUBLISHED to data/published-cim.yaml");
  } catch (const YAML::Exception& e) {
    fail(fmt::format("{}:{}", data_path, e.mark.line + 1), "not valid YAML: " + e.msg);
  }
  if (!root["macros"] || !root["macros"].IsSequence())
    fail(data_path, "no 'macros:' list", "use data/published-cim.yaml from the repository");
  const Presets presets = presets_by_reference(chips);
  for (const auto& rec : root["macros"]) {
    if (!rec["id"]) continue;
    for (const auto& pt : rec["points"]) add_point_rows(rep.rows, rec, pt, presets);
    for (const auto& net : rec["network"]) add_network_rows(rep.rows, rec, net, presets);
  }
  for (const auto& rec : root["products"])
    if (rec["id"]) add_product_rows(rep.rows, rec, presets);
  mark_sized_from(rep.rows, presets);
  rep.summary = summarize(rep.rows);
  return rep;
}

std::string validation_text(const ValidationReport& r) {
  std::string o = fmt::format("published figures ({}) beside the cost model (global constants, no per-preset fit)\n",
                              r.data_path);
  for (const char* group : {"macro", "chip", "vendor"}) {
    o += fmt::format("\n{} level\n  {:<26} {:<14} {:<22} {:>12} {:>10} {:>8}  {}\n", group, "record", "metric",
                     "condition", "published", "ours", "error", "remark");
    for (const auto& row : r.rows) {
      if (row.group != group) continue;
      std::string pub = row.lower_bound ? ">" + fmt_value(row.published)
                        : row.published_hi > 0 ? fmt_value(row.published) + "-" + fmt_value(row.published_hi)
                                               : fmt_value(row.published);
      std::string remark = row.reason;
      if (row.is_check() && (row.ratio() > 2 || row.ratio() < 0.5))
        remark = fmt::format("FAR from the model ({:.2g}x){}{}", row.ratio(), remark.empty() ? "" : "; ", remark);
      o += fmt::format("  {:<26} {:<14} {:<22} {:>12} {:>10} {:>8}  {}\n", row.id, row.metric, row.condition, pub,
                       row.ours ? fmt_value(*row.ours) : "-",
                       row.is_check() ? fmt::format("{:+.0f}%", 100 * (row.ratio() - 1)) : "-", remark);
    }
  }
  const auto& s = r.summary;
  o += fmt::format("\nsummary (macro level): median |error| TOPS/W {:.0f}% over {} figures, TOPS/mm2 {:.0f}% over {} "
                   "figures (target <= 25%)\n",
                   100 * s.median_abs_error_tops_per_w, s.count_tops_per_w, 100 * s.median_abs_error_tops_per_mm2,
                   s.count_tops_per_mm2);
  for (const auto& rr : s.routes)
    o += fmt::format("  route {:<13} {} figures, median factor off {:.2f}x, worst {:.2f}x ({})\n", rr.route, rr.figures,
                     rr.median_factor, rr.worst_factor, rr.worst);
  o += fmt::format("target {}\n", s.meets_target ? "met" : "NOT met");
  return o;
}

nlohmann::json validation_json(const ValidationReport& r) {
  nlohmann::json j;
  j["data"] = r.data_path;
  j["rows"] = nlohmann::json::array();
  for (const auto& row : r.rows) {
    nlohmann::json x = {{"group", row.group},   {"id", row.id},         {"preset", row.preset},
                        {"route", row.route},   {"level", row.level},   {"metric", row.metric},
                        {"condition", row.condition}, {"tag", row.tag}, {"published", row.published},
                        {"lower_bound", row.lower_bound}, {"sized_from", row.sized_from}, {"reason", row.reason}};
    if (row.published_hi > 0) x["published_hi"] = row.published_hi;
    x["ours"] = row.ours ? nlohmann::json(*row.ours) : nlohmann::json(nullptr);
    if (row.is_check()) {
      x["ratio"] = row.ratio();
      x["error"] = row.ratio() - 1;
    } else {
      x["ratio"] = nullptr;
      x["error"] = nullptr;
    }
    j["rows"].push_back(std::move(x));
  }
  const auto& s = r.summary;
  j["summary"] = {{"median_abs_error_tops_per_w", s.median_abs_error_tops_per_w},
                  {"median_abs_error_tops_per_mm2", s.median_abs_error_tops_per_mm2},
                  {"count_tops_per_w", s.count_tops_per_w},
                  {"count_tops_per_mm2", s.count_tops_per_mm2},
                  {"meets_target", s.meets_target},
                  {"routes", nlohmann::json::array()}};
  for (const auto& rr : s.routes)
    j["summary"]["routes"].push_back({{"route", rr.route},
                                      {"figures", rr.figures},
                                      {"median_factor", rr.median_factor},
                                      {"worst_factor", rr.worst_factor},
                                      {"worst", rr.worst}});
  return j;
}

}  // namespace ohmic::cost
