// Chip-description loader: YAML text -> schema check -> validated, immutable ChipSpec.
#include <stdexcept>
#include <string>

#include "harness.h"
#include "ohmic/arch/loader.h"

namespace ohmic::fuzz {
namespace {

void run(std::span<const uint8_t> input) {
  const std::string text(reinterpret_cast<const char*>(input.data()), input.size());
  arch::ChipSpecPtr chip = arch::parse_chip_text(text, "fuzz.yaml", "fuzz");
  if (!chip) throw std::logic_error("parse_chip_text returned a null spec without throwing");
}

const bool registered = register_harness("chip_yaml", &run);

}  // namespace
}  // namespace ohmic::fuzz
