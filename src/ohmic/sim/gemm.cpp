#include "ohmic/sim/gemm.h"

#include <oneapi/dnnl/dnnl.hpp>

#include "ohmic/core/error.h"
#include "ohmic/exec/kernels/onednn_common.h"

namespace ohmic::sim {
namespace {

using dt = dnnl::memory::data_type;

void run_matmul(int64_t m, int64_t k, int64_t n, dt a_type, const void* a, int64_t lda, dt b_type, const void* b,
                int64_t ldb, dt c_type, void* c, int64_t ldc) {
  try {
    dnnl::engine& engine = exec::onednn_engine();  // also sets one OpenMP thread on this thread
    const dnnl::memory::desc a_md({m, k}, a_type, dnnl::memory::dims{lda, 1});
    const dnnl::memory::desc b_md({k, n}, b_type, dnnl::memory::dims{ldb, 1});
    const dnnl::memory::desc c_md({m, n}, c_type, dnnl::memory::dims{ldc, 1});
    // oneDNN's primitive cache makes re-creating a primitive of a seen shape cheap.
    const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), engine);
    const dnnl::matmul prim(pd);
    dnnl::stream s(engine);
    prim.execute(s, {{DNNL_ARG_SRC, dnnl::memory(a_md, engine, const_cast<void*>(a))},
                     {DNNL_ARG_WEIGHTS, dnnl::memory(b_md, engine, const_cast<void*>(b))},
                     {DNNL_ARG_DST, dnnl::memory(c_md, engine, c)}});
    s.wait();
  } catch (const dnnl::error& e) {
    fail("sim: gemm", std::string("oneDNN matmul failed: ") + e.what());
  }
}

}  // namespace

void gemm_f32(int64_t m, int64_t k, int64_t n, const float* a, int64_t lda, const float* b, int64_t ldb, float* c,
              int64_t ldc) {
  run_matmul(m, k, n, dt::f32, a, lda, dt::f32, b, ldb, dt::f32, c, ldc);
}
void gemm_s8(int64_t m, int64_t k, int64_t n, const int8_t* a, int64_t lda, const int8_t* b, int64_t ldb, int32_t* c,
             int64_t ldc) {
  run_matmul(m, k, n, dt::s8, a, lda, dt::s8, b, ldb, dt::s32, c, ldc);
}
void gemm_u8(int64_t m, int64_t k, int64_t n, const uint8_t* a, int64_t lda, const int8_t* b, int64_t ldb, int32_t* c,
             int64_t ldc) {
  run_matmul(m, k, n, dt::u8, a, lda, dt::s8, b, ldb, dt::s32, c, ldc);
}

}  // namespace ohmic::sim
