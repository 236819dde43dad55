// scikit-learn digits CSV reader (64 pixel values and a label per line), gzip or plain. The first byte picks the
// storage (byte % 2): 0 plain, 1 gzip-compressed.
#include "data_common.h"
#include "harness.h"

namespace ohmic::fuzz {
namespace {

void run(std::span<const uint8_t> input) {
  if (input.empty()) return;
  std::span<const uint8_t> text = input.subspan(1);
  const bool compressed = input[0] % 2 == 1;
  const auto path = compressed ? write_temp_file(gzip(text), "digits.csv.gz") : write_temp_file(text, "digits.csv");
  open_and_read_all("digits:" + path.string());
}

const bool registered = register_harness("data_csv", &run);

}  // namespace
}  // namespace ohmic::fuzz
