// .npy reader: an images array (N x H x W or N x C x H x W) and a labels vector. The input carries both files
// (split_in_two: labels first, then images).
#include "data_common.h"
#include "harness.h"

namespace ohmic::fuzz {
namespace {

void run(std::span<const uint8_t> input) {
  auto [labels, images] = split_in_two(input);
  const auto labels_path = write_temp_file(labels, "labels.npy");
  const auto images_path = write_temp_file(images, "images.npy");
  open_and_read_all("npy:" + images_path.string() + "," + labels_path.string());
}

const bool registered = register_harness("data_npy", &run);

}  // namespace
}  // namespace ohmic::fuzz
