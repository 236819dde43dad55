// Fashion-MNIST idx reader (images idx3 + labels idx1, gzip or plain). The input carries both files
// (split_in_two: labels first, then images); its first byte picks how they are stored (byte % 3):
// 0 plain files, 1 gzip-compressed .gz files, 2 the fuzzed bytes written as .gz as they are (corrupt gzip).
#include <filesystem>

#include "data_common.h"
#include "harness.h"

namespace ohmic::fuzz {
namespace {

void write_idx(std::span<const uint8_t> bytes, const std::string& name, int mode) {
  std::error_code ignored;
  std::filesystem::remove(temp_dir() / name, ignored);
  std::filesystem::remove(temp_dir() / (name + ".gz"), ignored);
  if (mode == 0) write_temp_file(bytes, name);
  if (mode == 1) write_temp_file(gzip(bytes), name + ".gz");
  if (mode == 2) write_temp_file(bytes, name + ".gz");
}

void run(std::span<const uint8_t> input) {
  if (input.empty()) return;
  const int mode = input[0] % 3;
  auto [labels, images] = split_in_two(input.subspan(1));
  write_idx(labels, "t10k-labels-idx1-ubyte", mode);
  write_idx(images, "t10k-images-idx3-ubyte", mode);
  open_and_read_all("fashion-mnist:test,dir=" + temp_dir().string());
}

const bool registered = register_harness("data_idx", &run);

}  // namespace
}  // namespace ohmic::fuzz
