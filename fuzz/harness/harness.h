#pragma once
// Fuzz harnesses: one function per parser of outside input (ONNX bytes, chip YAML, each data-set format). The same
// harness runs under libFuzzer (fuzz/fuzz_main.cpp, clang) and in the regression tests (tests/quality), which replay
// every input in fuzz/corpus/<name>/ and fuzz/regressions/<name>/ with the normal compiler.
//
// Contract: a harness returns normally when the parser accepts the input or rejects it with ohmic::Error. Any other
// exception (std::bad_alloc, std::out_of_range, a library's own exception type, ...) escapes and counts as a bug,
// as does a crash, a leak or a sanitizer report: bad input must become an ohmic::Error that names what is wrong.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ohmic::fuzz {

using HarnessFn = void (*)(std::span<const uint8_t> input);

struct Harness {
  std::string name;  // also the folder name under fuzz/corpus/ and fuzz/regressions/
  HarnessFn run = nullptr;
};

// Called once per harness file through a static initializer (the harness library is an OBJECT library, so every
// registration is linked).
bool register_harness(std::string name, HarnessFn run);
const std::vector<Harness>& harnesses();
const Harness* find_harness(std::string_view name);

// The caps a harness runs under: tensors up to kFuzzMaxTensorBytes, so a declared size above it must be refused
// before allocation (and anything the cap does not cover shows up as libFuzzer's malloc limit or an OOM).
inline constexpr uint64_t kFuzzMaxTensorBytes = uint64_t{64} << 20;
void apply_fuzz_limits();

// Runs one input; returns true when it was accepted, false when rejected with ohmic::Error (whose message must not
// be empty). Other exceptions propagate.
bool run_input(const Harness& h, std::span<const uint8_t> input);

// For parsers that only take a path: writes the bytes to a file named `file_name` in a private temporary directory
// of this process (removed at exit) and returns its path. The same name is overwritten on each call.
std::filesystem::path write_temp_file(std::span<const uint8_t> bytes, const std::string& file_name);
// The private temporary directory itself (empty apart from write_temp_file's files); used as the ONNX base
// directory so a model's external-data references cannot reach outside it.
const std::filesystem::path& temp_dir();

}  // namespace ohmic::fuzz
