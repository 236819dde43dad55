#pragma once
// Loading chip descriptions: YAML file or preset name -> validated, immutable ChipSpec.
// Every bad input throws ohmic::Error "file:line: field: what (fix: ...)".
#include <filesystem>
#include <string>
#include <vector>

#include "ohmic/arch/spec.h"

namespace ohmic::arch {

// `name_or_path`: a path to a .yaml file, or a preset id ("neurram_nature2022") looked up in preset_dirs().
ChipSpecPtr load_chip(const std::string& name_or_path, const std::vector<ChipOverride>& overrides = {});

// Parses YAML text; `origin` names it in error messages ("<text>" or a file name). `id` becomes ChipSpec::id.
ChipSpecPtr parse_chip_text(const std::string& yaml_text, const std::string& origin, const std::string& id = "chip",
                            const std::vector<ChipOverride>& overrides = {});

// The same chip with more overrides (applied after the ones it already has), re-validated. Use this rather than
// reloading source_path, which would drop earlier overrides.
ChipSpecPtr with_overrides(const ChipSpec& chip, const std::vector<ChipOverride>& more);

// Where presets are looked for, in order: $OHMIC_PRESETS (':'-separated), <dir of the executable>/presets,
// <dir of the executable>/../presets, OHMIC_SOURCE_DIR/presets. Only existing directories are returned.
std::vector<std::filesystem::path> preset_dirs();

struct PresetEntry {
  std::string id;                   // file stem
  std::filesystem::path path;
};
// Every *.yaml in preset_dirs(), sorted by id; the first directory wins for duplicate ids.
std::vector<PresetEntry> list_presets();

}  // namespace ohmic::arch
