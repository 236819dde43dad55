#pragma once
// Shared by the data-set harnesses: splitting one fuzz input into two files, gzip, and reading a whole data set.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ohmic/data/dataset.h"

namespace ohmic::fuzz {

// Splits an input into two files: the first two bytes (little endian) give the first part's length (clipped to
// what is there), the rest is the second part. Lets one input carry e.g. an image file and its labels file.
std::pair<std::span<const uint8_t>, std::span<const uint8_t>> split_in_two(std::span<const uint8_t> input);

// gzip-compressed copy of `bytes` (what the readers find in .gz files).
std::vector<uint8_t> gzip(std::span<const uint8_t> bytes);

// Opens the data set named by `spec` and reads every sample in batches, as an evaluation would.
void open_and_read_all(const std::string& spec);

}  // namespace ohmic::fuzz
