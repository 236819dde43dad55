#include <cstdio>
#include <exception>

#include "ohmic/cli/commands.h"
#include "ohmic/core/error.h"

namespace {

int run_cli(int argc, char** argv) {
  CLI::App app{"ohmic — compute-in-memory toolchain: ONNX model + chip description -> accuracy, energy, latency, area"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ohmic 0.1.0");
  using namespace ohmic::cli;
  add_inspect_command(app);
  add_run_command(app);
  add_conformance_command(app);
  add_chips_command(app);
  add_estimate_command(app);
  add_validate_command(app);
  add_compile_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const ohmic::Error& e) {
    std::fprintf(stderr, "ohmic: error: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace

// Everything that can throw (building the option tree included) runs inside run_cli, so no exception escapes main.
int main(int argc, char** argv) {
  try {
    return run_cli(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ohmic: internal error: %s\n", e.what());
    return 2;
  } catch (...) {
    std::fprintf(stderr, "ohmic: internal error: unknown exception\n");
    return 2;
  }
}
