// `sized_from:` names the reference record's figures a chip's organisation was derived from (docs/chip-format.md):
// read into ChipSpec::sized_from; unknown or repeated names and a missing `reference:` are errors naming file:line.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "chip_text.h"
#include "ohmic/arch/loader.h"

namespace ohmic::arch {
namespace {

using testing::error_of;
using testing::with;

// kChipText with a reference (after line 3) and `sized_from` on line 5.
std::string referenced(const std::string& sized_from_line) {
  return with("route: reram\n", "reference: some_record\n" + sized_from_line + "route: reram\n");
}

TEST(ChipSizedFrom, ReadIntoTheSpec) {
  const auto chip = parse_chip_text(referenced("sized_from: [tops, power_w]\n"), "t.yaml", "t");
  EXPECT_EQ(chip->sized_from, (std::vector<std::string>{"tops", "power_w"}));
  EXPECT_TRUE(parse_chip_text(testing::kChipText, "t.yaml", "t")->sized_from.empty());
}

TEST(ChipSizedFrom, BadEntriesAreErrorsNamingTheLine) {
  const std::string unknown = error_of(referenced("sized_from: [tops, top_per_w]\n"));
  for (const char* part : {"t.yaml:5", "sized_from: unknown metric 'top_per_w'", "did you mean 'tops_per_w'?", "one of: tops"})
    EXPECT_NE(unknown.find(part), std::string::npos) << part << " in: " << unknown;
  const std::string block = error_of(referenced("sized_from:\n  - tops\n  - wats\n"));
  EXPECT_NE(block.find("t.yaml:7"), std::string::npos) << block;
  EXPECT_NE(block.find("unknown metric 'wats'"), std::string::npos) << block;
  const std::string twice = error_of(referenced("sized_from: [tops, tops]\n"));
  EXPECT_NE(twice.find("t.yaml:5"), std::string::npos) << twice;
  EXPECT_NE(twice.find("'tops' is listed twice"), std::string::npos) << twice;
  const std::string scalar = error_of(referenced("sized_from: tops\n"));
  EXPECT_NE(scalar.find("t.yaml:5"), std::string::npos) << scalar;
  EXPECT_NE(scalar.find("expected a list of metric names"), std::string::npos) << scalar;
  const std::string unreferenced = error_of(with("route: reram\n", "sized_from: [tops]\nroute: reram\n"));
  EXPECT_NE(unreferenced.find("t.yaml:4"), std::string::npos) << unreferenced;
  EXPECT_NE(unreferenced.find("no 'reference:'"), std::string::npos) << unreferenced;
}

// Every preset whose assumptions say its organisation was sized to the vendor's peak claim declares it, so that
// `ohmic validate` does not present that claim as agreement.
TEST(PresetSizedFrom, PresetsSizedToTheVendorPeakSaySo) {
  int sized = 0;
  for (const auto& p : list_presets()) {
    const auto chip = load_chip(p.path.string());
    const bool says = std::any_of(chip->assumptions.begin(), chip->assumptions.end(), [](const Assumption& a) {
      return a.why.find("sized to the vendor peak claim") != std::string::npos;
    });
    if (!says) continue;
    ++sized;
    EXPECT_NE(std::find(chip->sized_from.begin(), chip->sized_from.end(), "tops"), chip->sized_from.end()) << p.id;
  }
  EXPECT_GE(sized, 6);
}

}  // namespace
}  // namespace ohmic::arch
