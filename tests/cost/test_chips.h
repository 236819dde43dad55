#pragma once
// Small chip descriptions for cost tests (hand-countable sizes).
#include <string>

#include "ohmic/arch/loader.h"

namespace ohmic::cost::testing {

// ReRAM: 64x64 macros, 2-bit cells, differential (8 cells per 8-bit weight, 8 weights per row), 8-bit SAR ADC per
// 8 columns (= one weight: combined), bit-serial 1-bit inputs, 100 MHz, 2 tiles x 2 macros.
inline std::string reram_chip_yaml(int tiles = 2) {
  return R"(name: test reram chip
summary: hand-countable test chip
citation: ohmic tests
route: reram
node: "28 nm"
vdd: "0.9 V"
clock: "100 MHz"
macro:
  rows: 64
  cols: 64
  bits_per_cell: 2
  cell: 1t1r
  signed_weights: differential_pair
  weight_bits: [1, 8]
  input_bits: [1, 8]
  input: {encoding: bit_serial, dac_bits: 1}
  adc: {kind: sar, bits: 8, cols_per_adc: 8}
tiles: {count: )" + std::to_string(tiles) +
         R"(, macros_per_tile: 2}
global_buffer: {capacity: "64 KiB", width_bits: 256}
dram: {kind: lpddr4, capacity: "1 GiB", bandwidth: "10 GB/s"}
)";
}

inline arch::ChipSpecPtr reram_chip(int tiles = 2) { return arch::parse_chip_text(reram_chip_yaml(tiles), "<test>", "test_reram"); }

// Digital SRAM: 32x32, 1-bit cells, two's complement (8 columns per 8-bit weight), adder tree over 32 rows.
inline arch::ChipSpecPtr digital_chip() {
  return arch::parse_chip_text(R"(name: test digital chip
summary: hand-countable test chip
citation: ohmic tests
route: sram_digital
node: "22 nm"
vdd: "0.8 V"
clock: "200 MHz"
macro:
  rows: 32
  cols: 32
  cell: sram_6t
  signed_weights: twos_complement
  weight_bits: [1, 8]
  input_bits: [1, 8]
  input: {encoding: bit_serial, dac_bits: 1}
tiles: {count: 1, macros_per_tile: 4}
global_buffer: {capacity: "32 KiB", width_bits: 128}
)",
                               "<test>", "test_digital");
}

}  // namespace ohmic::cost::testing
