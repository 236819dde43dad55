#include "harness.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "ohmic/core/error.h"
#include "ohmic/graph/tensor.h"

namespace ohmic::fuzz {
namespace {

std::vector<Harness>& registry() {
  static std::vector<Harness> all;
  return all;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ohmic-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("fuzz harness: cannot create a temp directory");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace

bool register_harness(std::string name, HarnessFn run) {
  registry().push_back(Harness{std::move(name), run});
  std::sort(registry().begin(), registry().end(), [](const Harness& a, const Harness& b) { return a.name < b.name; });
  return true;
}

const std::vector<Harness>& harnesses() { return registry(); }

const Harness* find_harness(std::string_view name) {
  for (const Harness& h : registry())
    if (h.name == name) return &h;
  return nullptr;
}

void apply_fuzz_limits() { graph::set_max_tensor_bytes(kFuzzMaxTensorBytes); }

bool run_input(const Harness& h, std::span<const uint8_t> input) {
  try {
    h.run(input);
    return true;
  } catch (const ohmic::Error& e) {
    if (std::string_view(e.what()).empty()) throw std::logic_error(h.name + ": ohmic::Error with an empty message");
    return false;
  }
}

const std::filesystem::path& temp_dir() {
  static TempDir dir;
  return dir.path;
}

std::filesystem::path write_temp_file(std::span<const uint8_t> bytes, const std::string& file_name) {
  std::filesystem::path p = temp_dir() / file_name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("fuzz harness: cannot write " + p.string());
  return p;
}

}  // namespace ohmic::fuzz
