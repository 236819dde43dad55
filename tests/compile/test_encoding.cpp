// Weight and input encodings are exact: every integer in range decomposes into in-range digits that rebuild it, and
// the cell counts agree with the chip description's own helpers.
#include <gtest/gtest.h>

#include <cmath>

#include "ohmic/compile/weights.h"
#include "test_support.h"

namespace ohmic::compile {
namespace {

Encoding weight_encoding(arch::SignedWeights scheme, int bits, int bpc, bool pair_in_cell = false) {
  const WeightCellCode code = weight_cell_code(scheme, bits, bpc, pair_in_cell);
  Encoding e;
  e.pair_in_cell = pair_in_cell;
  e.weight_bits = bits;
  e.bits_per_cell = bpc;
  e.signed_scheme = arch::signed_weights_name(scheme);
  e.weight_slices = code.slices;
  e.planes = code.planes;
  e.reference_column = code.reference_column;
  e.weight_offset = code.offset;
  return e;
}

TEST(CompileEncoding, EveryWeightRebuildsFromInRangeDigits) {
  int checked = 0;
  for (auto scheme : {arch::SignedWeights::kDifferentialPair, arch::SignedWeights::kOffsetColumn,
                      arch::SignedWeights::kTwosComplement})
    for (int bits = 2; bits <= 10; ++bits)
      for (int bpc = 1; bpc <= 4; ++bpc)
        for (bool in_cell : {false, true}) {
          if (in_cell && scheme != arch::SignedWeights::kDifferentialPair) continue;
          const Encoding e = weight_encoding(scheme, bits, bpc, in_cell);
          std::vector<int32_t> digits(e.planes.size());
          const int32_t q = weight_qmax(bits);
          for (int32_t w = -q; w <= q; ++w) {
            encode_weight(w, e, digits);
            int64_t v = -e.weight_offset;
            for (size_t p = 0; p < e.planes.size(); ++p) {
              ASSERT_GE(digits[p], e.planes[p].digit_min);
              ASSERT_LE(digits[p], e.planes[p].digit_max);
              ASSERT_LT(std::abs(digits[p]), 1 << bpc);
              v += e.planes[p].sign * (int64_t{digits[p]} << e.planes[p].shift);
            }
            ASSERT_EQ(v, w) << e.signed_scheme << " " << bits << " bits " << bpc << " bit/cell";
            ++checked;
          }
          EXPECT_THROW(encode_weight(q + 1, e, digits), Error);
        }
  EXPECT_GT(checked, 10000);
}

TEST(CompileEncoding, UnsignedSchemeRejectsNegativeWeights) {
  const Encoding e = weight_encoding(arch::SignedWeights::kNone, 4, 1);
  std::vector<int32_t> digits(e.planes.size());
  EXPECT_THROW(encode_weight(-1, e, digits), Error);
  encode_weight(7, e, digits);
  EXPECT_EQ(digits, (std::vector<int32_t>{1, 1, 1, 0}));
}

TEST(CompileEncoding, EveryInputRebuildsFromItsSlices) {
  for (bool is_signed : {false, true})
    for (int bits = 2; bits <= 9; ++bits)
      for (int dac = 1; dac <= 4; ++dac) {
        Encoding e;
        e.input_bits = bits;
        e.input_signed = is_signed;
        e.input_encoding = "bit_serial";
        e.dac_bits = dac;
        e.input_slices = (bits + dac - 1) / dac;
        const InputSliceCode code = input_slice_code(e);
        ASSERT_EQ(static_cast<int>(code.shifts.size()), e.input_slices);
        std::vector<int32_t> digits(static_cast<size_t>(e.input_slices));
        for (int32_t x = input_min(e); x <= input_max(e); ++x) {
          encode_input(x, e, digits);
          int64_t v = 0;
          for (size_t k = 0; k < digits.size(); ++k) {
            ASSERT_GE(digits[k], code.digit_min);
            ASSERT_LE(digits[k], code.digit_max);
            v += int64_t{digits[k]} << code.shifts[k];
          }
          ASSERT_EQ(v, x) << bits << " bits, dac " << dac << (is_signed ? " signed" : " unsigned");
        }
      }
}

TEST(CompileEncoding, CellCountsMatchTheChipDescription) {
  for (auto scheme : {arch::SignedWeights::kDifferentialPair, arch::SignedWeights::kOffsetColumn,
                      arch::SignedWeights::kTwosComplement})
    for (int bpc = 1; bpc <= 4; ++bpc)
      for (auto cell : {arch::CellKind::k1t1r, arch::CellKind::k2t2r}) {
        testing::ChipParams p;
        p.scheme = scheme;
        p.bits_per_cell = bpc;
        p.cell = cell;
        const arch::ChipSpec chip = testing::make_chip(p);
        const bool in_cell = scheme == arch::SignedWeights::kDifferentialPair && cell_holds_pair(cell);
        for (int bits = 2; bits <= 8; ++bits) {
          const WeightCellCode code = weight_cell_code(scheme, bits, bpc, in_cell);
          EXPECT_EQ(static_cast<int64_t>(code.planes.size()), chip.cells_per_weight(bits));
          const int64_t per_row = (p.cols - (code.reference_column ? 1 : 0)) / static_cast<int64_t>(code.planes.size());
          EXPECT_EQ(p.rows * per_row, chip.weights_per_macro(bits));
        }
      }
}

TEST(CompileEncoding, PerChannelQuantizationUsesEachChannelsRange) {
  // W[1][2][3]: channel 0 spans +-2, channel 1 +-0.5, channel 2 is all zero.
  const std::vector<float> w = {2.0f, 0.5f, 0.0f, -1.0f, -0.25f, 0.0f};
  const QuantizedLayer q = quantize_matrix(w, 1, 2, 3, 8);
  EXPECT_FLOAT_EQ(q.scales[0], 2.0f / 127);
  EXPECT_FLOAT_EQ(q.scales[1], 0.5f / 127);
  EXPECT_FLOAT_EQ(q.scales[2], 1.0f);
  EXPECT_EQ(q.at(0, 0, 0), 127);
  EXPECT_EQ(q.at(0, 1, 0), -64);  // -1 / (2/127) = -63.5 -> rounds away from zero
  EXPECT_EQ(q.at(0, 0, 1), 127);
  EXPECT_EQ(q.at(0, 1, 1), -64);
  EXPECT_EQ(q.at(0, 0, 2), 0);
}

}  // namespace
}  // namespace ohmic::compile
