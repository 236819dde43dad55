// Every preset loads and validates; every published system in data/published-cim.yaml has a preset that links it;
// presets never carry published results (the loader refuses `measured:`; here: references must resolve).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "ohmic/arch/loader.h"

namespace ohmic::arch {
namespace {

std::set<std::string> published_ids(const std::string& section) {
  const YAML::Node doc = YAML::LoadFile(std::string(OHMIC_SOURCE_DIR) + "/data/published-cim.yaml");
  std::set<std::string> ids;
  if (section == "gpus") {
    for (const auto& g : doc["von_neumann_baselines"]["gpus"]) ids.insert(g["id"].as<std::string>());
  } else {
    for (const auto& e : doc[section]) ids.insert(e["id"].as<std::string>());
  }
  return ids;
}

TEST(Presets, EveryPresetLoadsAndValidates) {
  const auto presets = list_presets();
  ASSERT_GE(presets.size(), 39u) << "preset folder not found or incomplete";
  for (const char* id : {"default_reram", "generic_mram", "nvidia_v100", "nvidia_a100", "nvidia_h100", "coral_edgetpu",
                         "rpi4_cortex_a72"})
    EXPECT_TRUE(std::any_of(presets.begin(), presets.end(), [&](const PresetEntry& e) { return e.id == id; })) << id;
  for (const auto& p : presets) {
    ChipSpecPtr c;
    try {
      c = load_chip(p.path.string());
    } catch (const Error& e) {
      ADD_FAILURE() << e.what();
      continue;
    }
    EXPECT_EQ(c->id, p.id);
    EXPECT_FALSE(c->citation.empty()) << p.id;
    EXPECT_EQ(c->summary.find('\n'), std::string::npos) << p.id << ": summary must be one line";
    EXPECT_LE(c->summary.size(), 140u) << p.id << ": summary too long for the chips table";
    if (c->is_cim()) {
      EXPECT_GT(c->macro_count(), 0) << p.id;
    }
  }
}

TEST(Presets, EnvironmentFolderComesFirst) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "ohmic_test_presets";
  fs::create_directories(dir);
  {
    std::ifstream src(std::string(OHMIC_SOURCE_DIR) + "/presets/default_reram.yaml");
    std::ofstream dst(dir / "default_reram.yaml");
    dst << src.rdbuf() << "\n# copy\n";
    std::ofstream(dir / "env_only_chip.yaml") << "not: a chip\n";
  }
  ::setenv("OHMIC_PRESETS", dir.c_str(), 1);
  const auto dirs = preset_dirs();
  ASSERT_FALSE(dirs.empty());
  EXPECT_EQ(dirs.front(), fs::weakly_canonical(dir));
  const auto presets = list_presets();
  const auto it = std::find_if(presets.begin(), presets.end(), [](const PresetEntry& e) { return e.id == "default_reram"; });
  ASSERT_NE(it, presets.end());
  EXPECT_EQ(it->path.parent_path(), fs::weakly_canonical(dir));  // the first folder wins
  EXPECT_THROW(load_chip("env_only_chip"), Error);              // found, then rejected as a malformed chip
  ::unsetenv("OHMIC_PRESETS");
  fs::remove_all(dir);
}

TEST(Presets, LoadByName) {
  const auto c = load_chip("default_reram");
  EXPECT_EQ(c->id, "default_reram");
  EXPECT_EQ(c->route, Route::kReram);
}

TEST(Presets, ReferencesResolveAndEveryPublishedSystemHasAPreset) {
  std::set<std::string> known;
  for (const char* section : {"macros", "products", "gpus"})
    for (const auto& id : published_ids(section)) known.insert(id);
  std::set<std::string> referenced;
  for (const auto& p : list_presets()) {
    const auto c = load_chip(p.path.string());
    if (c->reference_id.empty()) continue;
    EXPECT_TRUE(known.count(c->reference_id)) << p.id << " references unknown id " << c->reference_id;
    referenced.insert(c->reference_id);
  }
  for (const char* section : {"macros", "products", "gpus"})
    for (const auto& id : published_ids(section)) EXPECT_TRUE(referenced.count(id)) << "no preset for " << id;
}

TEST(Presets, EveryRouteHasAPreset) {
  std::set<Route> routes;
  for (const auto& p : list_presets()) routes.insert(load_chip(p.path.string())->route);
  for (Route r : all_routes()) EXPECT_TRUE(routes.count(r)) << "no preset for route " << route_name(r);
}

TEST(Presets, AssumedFieldsAreMarked) {
  // A preset's assumptions list marks its fields as assumed (so reports can say so).
  const auto c = load_chip("default_reram");
  EXPECT_EQ(c->macro.adc.bits.origin(), Origin::kAssumed);
  EXPECT_EQ(c->macro.rows.origin(), Origin::kAssumed);
}

}  // namespace
}  // namespace ohmic::arch
