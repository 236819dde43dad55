#pragma once
// Row-major GEMMs for the simulator's hot loop through oneDNN matmul, run on the calling thread (one OpenMP thread,
// like exec's kernels) so callers parallelize over fixed chunks and results do not depend on the thread count.
//   C[M x N] = A[M x K] * B[K x N], leading dimensions lda, ldb, ldc (elements).
#include <cstdint>

namespace ohmic::sim {

void gemm_f32(int64_t m, int64_t k, int64_t n, const float* a, int64_t lda, const float* b, int64_t ldb, float* c,
              int64_t ldc);
// Integer digits: A signed or unsigned 8-bit, B signed 8-bit, C int32 (exact; oneDNN uses VNNI / AMX when present).
void gemm_s8(int64_t m, int64_t k, int64_t n, const int8_t* a, int64_t lda, const int8_t* b, int64_t ldb, int32_t* c,
             int64_t ldc);
void gemm_u8(int64_t m, int64_t k, int64_t n, const uint8_t* a, int64_t lda, const int8_t* b, int64_t ldb, int32_t* c,
             int64_t ldc);

}  // namespace ohmic::sim
