#include "ohmic/cli/commands.h"

namespace ohmic::cli {

void add_conformance_command(CLI::App& app) { (void)app; }

}  // namespace ohmic::cli
