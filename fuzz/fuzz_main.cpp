// libFuzzer entry point for one harness; OHMIC_FUZZ_HARNESS names it (set per target in fuzz/CMakeLists.txt).
#include <cstdio>
#include <cstdlib>

#include "harness/harness.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  ohmic::fuzz::apply_fuzz_limits();
  if (ohmic::fuzz::find_harness(OHMIC_FUZZ_HARNESS) == nullptr) {
    std::fprintf(stderr, "fuzz: no harness named %s is registered\n", OHMIC_FUZZ_HARNESS);
    std::abort();
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ohmic::fuzz::Harness* harness = ohmic::fuzz::find_harness(OHMIC_FUZZ_HARNESS);
  ohmic::fuzz::run_input(*harness, {data, size});
  return 0;
}
