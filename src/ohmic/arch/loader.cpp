#include "ohmic/arch/loader.h"

#include "ohmic/core/error.h"

namespace ohmic::arch {

// Stub: replaced by the real loader shortly.
ChipSpecPtr load_chip(const std::string& name_or_path, const std::vector<ChipOverride>&) {
  fail(name_or_path, "chip loader not implemented yet");
}
ChipSpecPtr parse_chip_text(const std::string&, const std::string& origin, const std::string&,
                            const std::vector<ChipOverride>&) {
  fail(origin, "chip loader not implemented yet");
}
std::vector<std::filesystem::path> preset_dirs() { return {}; }
std::vector<PresetEntry> list_presets() { return {}; }

}  // namespace ohmic::arch
