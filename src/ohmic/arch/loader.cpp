#include "ohmic/arch/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ohmic/arch/read_spec.h"
#include "ohmic/arch/validate.h"
#include "ohmic/core/error.h"

namespace ohmic::arch {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) out.push_back(part);
  return out;
}

void set_path(YAML::Node node, const std::vector<std::string>& parts, size_t i, const YAML::Node& value) {
  if (i + 1 == parts.size()) {
    node[parts[i]] = value;
    return;
  }
  if (!node[parts[i]].IsMap()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
  set_path(node[parts[i]], parts, i + 1, value);
}

void apply_overrides(detail::YamlDoc& doc, YAML::Node& root, const std::vector<ChipOverride>& overrides) {
  for (const auto& o : overrides) {
    const auto parts = split(o.field, '.');
    if (o.field.empty() || std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); }))
      fail("override '" + o.field + "'", "not a field path", "write a dotted path such as macro.adc.bits");
    YAML::Node value;
    try {
      value = YAML::Load(o.value);
    } catch (const YAML::Exception& e) {
      fail("override " + o.field, "value '" + o.value + "' is not valid YAML: " + e.msg, "quote the value");
    }
    if (!root.IsMap()) root = YAML::Node(YAML::NodeType::Map);
    set_path(root, parts, 0, value);
    doc.overridden.insert(o.field);
  }
}

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

bool looks_like_path(const std::string& s) {
  return s.find('/') != std::string::npos || s.ends_with(".yaml") || s.ends_with(".yml");
}

}  // namespace

ChipSpecPtr parse_chip_text(const std::string& yaml_text, const std::string& origin, const std::string& id,
                            const std::vector<ChipOverride>& overrides) {
  detail::YamlDoc doc;
  doc.file = origin;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    fail(detail::where_of(doc, e.mark), "YAML syntax error: " + e.msg,
         "check indentation, colons and quotes on that line (docs/chip-format.md has examples)");
  }
  apply_overrides(doc, root, overrides);
  try {
    auto spec = std::make_shared<ChipSpec>(detail::read_chip(doc, root, id));
    spec->source_text = yaml_text;
    spec->overrides = overrides;
    detail::validate_chip(*spec);
    return spec;
  } catch (const YAML::Exception& e) {
    fail(detail::where_of(doc, e.mark), "malformed value: " + e.msg, "see docs/chip-format.md for the field's form");
  }
}

ChipSpecPtr with_overrides(const ChipSpec& chip, const std::vector<ChipOverride>& more) {
  std::vector<ChipOverride> all = chip.overrides;
  all.insert(all.end(), more.begin(), more.end());
  return parse_chip_text(chip.source_text, chip.source_path, chip.id, all);
}

std::vector<fs::path> preset_dirs() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("OHMIC_PRESETS"); env && *env)
    for (const auto& p : split(env, ':'))
      if (!p.empty()) candidates.emplace_back(p);
  if (const fs::path exe = executable_dir(); !exe.empty()) {
    candidates.push_back(exe / "presets");
    candidates.push_back(exe.parent_path() / "presets");
  }
#ifdef OHMIC_SOURCE_DIR
  candidates.push_back(fs::path(OHMIC_SOURCE_DIR) / "presets");
#endif
  std::vector<fs::path> out;
  for (const auto& c : candidates) {
    std::error_code ec;
    if (!fs::is_directory(c, ec)) continue;
    const fs::path canon = fs::weakly_canonical(c, ec);
    if (std::find(out.begin(), out.end(), canon) == out.end()) out.push_back(canon);
  }
  return out;
}

std::vector<PresetEntry> list_presets() {
  std::vector<PresetEntry> out;
  for (const auto& dir : preset_dirs()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
      const std::string id = entry.path().stem().string();
      if (std::none_of(out.begin(), out.end(), [&](const PresetEntry& e) { return e.id == id; }))
        out.push_back({id, entry.path()});
    }
  }
  std::sort(out.begin(), out.end(), [](const PresetEntry& a, const PresetEntry& b) { return a.id < b.id; });
  return out;
}

ChipSpecPtr load_chip(const std::string& name_or_path, const std::vector<ChipOverride>& overrides) {
  fs::path path;
  std::error_code ec;
  if (looks_like_path(name_or_path) || fs::is_regular_file(name_or_path, ec)) {
    path = name_or_path;
  } else {
    const auto presets = list_presets();
    const auto it = std::find_if(presets.begin(), presets.end(), [&](const auto& e) { return e.id == name_or_path; });
    if (it == presets.end()) {
      std::vector<std::string> ids;
      ids.reserve(presets.size());
      for (const auto& e : presets) ids.push_back(e.id);
      std::string hint = detail::did_you_mean(name_or_path, ids);
      if (hint.empty()) {  // "neurram" -> "neurram_nature2022"
        std::string starts;
        for (const auto& id : ids)
          if (id.starts_with(name_or_path)) starts += (starts.empty() ? "" : "', '") + id;
        if (!starts.empty()) hint = "did you mean '" + starts + "'?";
      }
      fail("chip '" + name_or_path + "'", presets.empty() ? "no preset folder found" : "no such preset",
           (hint.empty() ? "" : hint + " ") +
               "run 'ohmic chips' to list presets, set OHMIC_PRESETS to a preset folder, or give a path to a .yaml file");
    }
    path = it->path;
  }
  std::ifstream in(path);
  if (!in) fail(path.string(), "cannot read the chip description", "check the path (or give a preset name)");
  std::stringstream text;
  text << in.rdbuf();
  return parse_chip_text(text.str(), path.string(), path.stem().string(), overrides);
}

}  // namespace ohmic::arch
