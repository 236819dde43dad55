#pragma once
// Each CLI verb lives in its own cmd_<verb>.cpp and adds itself to the app here. Verbs are thin: they parse options,
// call the library, and print. A verb's callback may throw ohmic::Error; main() prints it and exits 1.
#include <CLI/CLI.hpp>

namespace ohmic::cli {

void add_inspect_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_conformance_command(CLI::App& app);
void add_chips_command(CLI::App& app);
void add_estimate_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_compile_command(CLI::App& app);

}  // namespace ohmic::cli
