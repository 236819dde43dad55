// Gemm, MatMul, MatMulInteger, QLinearMatMul against hand-checked values and loop references.
#include <cstring>

#include "ohmic/core/parallel.h"
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

// Reference batched product with numpy broadcasting, written over explicit index vectors.
std::vector<double> ref_matmul(const Dims& ad, const std::vector<double>& a, const Dims& bd, const std::vector<double>& b,
                               Dims* ydims) {
  Dims A = ad, B = bd;
  if (A.size() == 1) A.insert(A.begin(), 1);
  if (B.size() == 1) B.push_back(1);
  while (A.size() < B.size()) A.insert(A.begin(), 1);
  while (B.size() < A.size()) B.insert(B.begin(), 1);
  const size_t r = A.size();
  const int64_t M = A[r - 2], K = A[r - 1], N = B[r - 1];
  Dims batch;
  for (size_t i = 0; i + 2 < r; ++i) batch.push_back(std::max(A[i], B[i]));
  *ydims = batch;
  if (ad.size() > 1) ydims->push_back(M);
  if (bd.size() > 1) ydims->push_back(N);
  int64_t nb = 1;
  for (int64_t d : batch) nb *= d;
  std::vector<double> y;
  for (int64_t t = 0; t < nb; ++t) {
    int64_t ao = 0, bo = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      int64_t stride = 1;
      for (size_t j = i + 1; j < batch.size(); ++j) stride *= batch[j];
      const int64_t idx = (t / stride) % batch[i];
      ao = ao * A[i] + (A[i] == 1 ? 0 : idx);
      bo = bo * B[i] + (B[i] == 1 ? 0 : idx);
    }
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        double s = 0;
        for (int64_t k = 0; k < K; ++k) s += a[static_cast<size_t>((ao * M + i) * K + k)] * b[static_cast<size_t>((bo * K + k) * N + j)];
        y.push_back(s);
      }
  }
  return y;
}

}  // namespace

TEST(MatMulKernel, HandChecked2D) {
  Tensor a = Tensor::from<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor b = Tensor::from<float>({3, 2}, {7, 8, 9, 10, 11, 12});
  Tensor y = run1(OpKind::MatMul, {a, b});
  EXPECT_EQ(y.dims(), (Dims{2, 2}));
  EXPECT_EQ(y.to_doubles(), (std::vector<double>{58, 64, 139, 154}));
}

TEST(MatMulKernel, BroadcastAndVectorOperandsMatchReference) {
  std::mt19937 rng(21);
  const std::vector<std::pair<Dims, Dims>> shapes = {
      {{2, 1, 3, 4}, {5, 4, 2}}, {{4}, {4, 3}},       {{3, 4}, {4}},       {{4}, {2, 4, 3}},
      {{2, 3, 4}, {4}},          {{1, 3, 4}, {6, 4, 5}}, {{6, 3, 4}, {1, 4, 5}}, {{7, 1, 5}, {5, 9}}};
  for (const auto& [ad, bd] : shapes) {
    SCOPED_TRACE(ohmic::graph::dims_str(ad) + " x " + ohmic::graph::dims_str(bd));
    Tensor a64 = random_tensor<double>(rng, ad), b64 = random_tensor<double>(rng, bd);
    Dims yd;
    std::vector<double> ref = ref_matmul(ad, a64.to_doubles(), bd, b64.to_doubles(), &yd);
    Tensor y64 = run1(OpKind::MatMul, {a64, b64});
    EXPECT_EQ(y64.dims(), yd);
    EXPECT_LT(max_rel_diff(y64, ref), 1e-12);
    Tensor a32 = random_tensor<float>(rng, ad), b32 = random_tensor<float>(rng, bd);
    ref = ref_matmul(ad, a32.to_doubles(), bd, b32.to_doubles(), &yd);
    Tensor y32 = run1(OpKind::MatMul, {a32, b32});
    EXPECT_EQ(y32.dims(), yd);
    EXPECT_LT(max_rel_diff(y32, ref), 1e-5);
    Tensor ai = random_tensor<int64_t>(rng, ad, -50, 50), bi = random_tensor<int64_t>(rng, bd, -50, 50);
    ref = ref_matmul(ad, ai.to_doubles(), bd, bi.to_doubles(), &yd);
    Tensor yi = run1(OpKind::MatMul, {ai, bi});
    EXPECT_EQ(yi.to_doubles(), ref);
  }
}

TEST(MatMulKernel, ShapeErrors) {
  expect_error([] { run1(OpKind::MatMul, {Tensor(DType::Float32, {2, 3}), Tensor(DType::Float32, {4, 2})}); }, "inner");
  expect_error([] { run1(OpKind::MatMul, {Tensor(DType::Float32, {2, 2, 3}), Tensor(DType::Float32, {3, 3, 2})}); },
               "broadcast");
  expect_error([] { run1(OpKind::MatMul, {Tensor(DType::Float32, {2, 3}), Tensor(DType::Float64, {3, 2})}); },
               "element types");
}

TEST(GemmKernel, TransposesAlphaBetaAndBroadcastC) {
  std::mt19937 rng(8);
  const int64_t M = 5, K = 7, N = 3;
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (const Dims& cd : std::vector<Dims>{{}, {N}, {1, N}, {M, 1}, {M, N}, {1}}) {
        for (bool f64 : {false, true}) {
          SCOPED_TRACE("transA " + std::to_string(ta) + " transB " + std::to_string(tb) + " C " +
                       ohmic::graph::dims_str(cd) + (f64 ? " f64" : " f32"));
          Tensor a = f64 ? random_tensor<double>(rng, ta ? Dims{K, M} : Dims{M, K}) : random_tensor<float>(rng, ta ? Dims{K, M} : Dims{M, K});
          Tensor b = f64 ? random_tensor<double>(rng, tb ? Dims{N, K} : Dims{K, N}) : random_tensor<float>(rng, tb ? Dims{N, K} : Dims{K, N});
          Tensor c = f64 ? random_tensor<double>(rng, cd) : random_tensor<float>(rng, cd);
          const float alpha = 0.75f, beta = -1.5f;
          std::vector<double> av = a.to_doubles(), bv = b.to_doubles(), cv = c.to_doubles(), ref;
          Dims cfull = cd;
          while (cfull.size() < 2) cfull.insert(cfull.begin(), 1);
          for (int64_t i = 0; i < M; ++i)
            for (int64_t j = 0; j < N; ++j) {
              double s = 0;
              for (int64_t k = 0; k < K; ++k)
                s += av[static_cast<size_t>(ta ? k * M + i : i * K + k)] * bv[static_cast<size_t>(tb ? j * K + k : k * N + j)];
              const double cij = cv[static_cast<size_t>((cfull[0] == 1 ? 0 : i) * cfull[1] + (cfull[1] == 1 ? 0 : j))];
              ref.push_back(alpha * s + beta * cij);
            }
          Attrs at{{"transA", int64_t{ta}}, {"transB", int64_t{tb}}, {"alpha", alpha}, {"beta", beta}};
          Tensor y = run1(OpKind::Gemm, {a, b, c}, at);
          EXPECT_EQ(y.dims(), (Dims{M, N}));
          EXPECT_LT(max_rel_diff(y, ref), f64 ? 1e-12 : 1e-5);
        }
      }
}

TEST(GemmKernel, WithoutCAndErrors) {
  Tensor a = Tensor::from<float>({1, 2}, {1, 2});
  Tensor b = Tensor::from<float>({2, 2}, {3, 4, 5, 6});
  EXPECT_EQ(run1(OpKind::Gemm, {a, b}).to_doubles(), (std::vector<double>{13, 16}));
  EXPECT_EQ(run1(OpKind::Gemm, {a, b, std::nullopt}, {{"alpha", 2.0f}}).to_doubles(), (std::vector<double>{26, 32}));
  expect_error([&] { run1(OpKind::Gemm, {a, b}, {{"transB", int64_t{0}}, {"transA", int64_t{1}}}); }, "inner");
  expect_error([&] { run1(OpKind::Gemm, {a, b, Tensor(DType::Float32, {3})}); }, "broadcast");
  expect_error([&] { run1(OpKind::Gemm, {Tensor(DType::Float32, {2}), b}); }, "2-D");
}

TEST(MatMulIntegerKernel, ExactWithPerRowAndPerColumnZeroPoints) {
  std::mt19937 rng(31);
  for (const auto& [ad, bd] : std::vector<std::pair<Dims, Dims>>{{{4, 6}, {6, 3}}, {{2, 4, 6}, {6, 5}}, {{6}, {6, 2}}}) {
    Tensor a = random_tensor<uint8_t>(rng, ad, 0, 255), b = random_tensor<int8_t>(rng, bd, -128, 127);
    const int64_t M = ad.size() > 1 ? ad[ad.size() - 2] : 1, N = bd.back();
    Tensor azp = random_tensor<uint8_t>(rng, ad.size() > 1 ? Dims{M} : Dims{}, 0, 255);
    Tensor bzp = random_tensor<int8_t>(rng, {N}, -128, 127);
    std::vector<double> av = a.to_doubles(), bv = b.to_doubles();
    std::vector<int64_t> az = azp.to_int64s(), bz = bzp.to_int64s();
    const int64_t K = ad.back();
    for (size_t i = 0; i < av.size(); ++i) av[i] -= static_cast<double>(az[(i / static_cast<size_t>(K)) % az.size()]);
    for (size_t i = 0; i < bv.size(); ++i) bv[i] -= static_cast<double>(bz[i % static_cast<size_t>(N)]);
    Dims yd;
    std::vector<double> ref = ref_matmul(ad, av, bd, bv, &yd);
    Tensor y = run1(OpKind::MatMulInteger, {a, b, azp, bzp});
    EXPECT_EQ(y.dtype(), DType::Int32);
    EXPECT_EQ(y.dims(), yd);
    EXPECT_EQ(y.to_doubles(), ref);
  }
}

TEST(QLinearMatMulKernel, HandCheckedRequantization) {
  // (a - 2) x (b - 1) = [[2*3 + 4*1]] = [[10]] with a = [4, 6], b = [4, 2]^T; scale 0.25 -> 2.5 -> 2 (+ y_zp 1) = 3.
  Tensor a = Tensor::from<uint8_t>({1, 2}, {4, 6}), b = Tensor::from<uint8_t>({2, 1}, {4, 2});
  auto f = [](float v) { return Tensor::scalar<float>(v); };
  Tensor y = run1(OpKind::QLinearMatMul, {a, f(0.5f), Tensor::scalar<uint8_t>(2), b, f(0.5f), Tensor::scalar<uint8_t>(1),
                                          f(1.0f), Tensor::scalar<uint8_t>(1)});
  EXPECT_EQ(y.dims(), (Dims{1, 1}));
  EXPECT_EQ(y.to_int64s(), (std::vector<int64_t>{3}));
  // Per-column b scale: columns scaled by 0.25 and 1.0.
  Tensor b2 = Tensor::from<uint8_t>({2, 2}, {4, 4, 2, 2});
  Tensor y2 = run1(OpKind::QLinearMatMul, {a, f(0.5f), Tensor::scalar<uint8_t>(2), b2, Tensor::from<float>({2}, {0.5f, 2.0f}),
                                           Tensor::from<uint8_t>({2}, {1, 1}), f(1.0f), Tensor::scalar<uint8_t>(250)});
  EXPECT_EQ(y2.to_int64s(), (std::vector<int64_t>{252, 255}));
}

TEST(GemmKernel, RowChunksMatchReferenceAndAnyThreadCount) {
  // M = 70: two full 32-row oneDNN chunks and a remainder of 6, with A transposed (chunks are column slices of A).
  std::mt19937 rng(41);
  const int64_t M = 70, K = 33, N = 9;
  Tensor a = random_tensor<float>(rng, {K, M}), b = random_tensor<float>(rng, {K, N}), c = random_tensor<float>(rng, {N});
  const Attrs at{{"transA", int64_t{1}}, {"alpha", 0.5f}};
  Tensor one;
  {
    ohmic::ThreadLimit limit(1);
    one = run1(OpKind::Gemm, {a, b, c}, at);
  }
  Tensor many = run1(OpKind::Gemm, {a, b, c}, at);
  EXPECT_EQ(std::memcmp(one.raw(), many.raw(), one.nbytes()), 0);
  std::vector<double> av = a.to_doubles(), bv = b.to_doubles(), cv = c.to_doubles(), ref;
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double s = 0;
      for (int64_t k = 0; k < K; ++k) s += av[static_cast<size_t>(k * M + i)] * bv[static_cast<size_t>(k * N + j)];
      ref.push_back(0.5 * s + cv[static_cast<size_t>(j)]);
    }
  EXPECT_LT(max_rel_diff(many, ref), 1e-5);
  // Batched MatMul with 70 rows per batch and a broadcast B.
  Tensor x = random_tensor<float>(rng, {3, 70, 33});
  Dims yd;
  std::vector<double> mref = ref_matmul(x.dims(), x.to_doubles(), b.dims(), bv, &yd);
  Tensor y = run1(OpKind::MatMul, {x, b});
  EXPECT_EQ(y.dims(), yd);
  EXPECT_LT(max_rel_diff(y, mref), 1e-5);
}
