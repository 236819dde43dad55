#pragma once
// What the oneDNN-backed kernels (float Conv, Gemm, MatMul) share: the CPU engine, a way to run a primitive, and
// tensor <-> memory-descriptor helpers. Debian's libdnnl 2.6 is built with the OpenMP runtime
// (DNNL_CPU_RUNTIME == DNNL_RUNTIME_OMP), so its thread count follows OMP_NUM_THREADS / omp_set_num_threads, not
// ohmic::ThreadLimit (which governs TBB); set_onednn_threads() bridges the two.
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

dnnl::engine& onednn_engine();
// Executes and waits; oneDNN exceptions become ohmic::Error naming the node.
void onednn_execute(const KernelContext& ctx, const dnnl::primitive& p, const std::unordered_map<int, dnnl::memory>& args);
// Builds a primitive descriptor through `make`, turning a dnnl::error into ohmic::Error naming the node.
template <class F>
auto onednn_try(const KernelContext& ctx, const char* what, F&& make) -> decltype(make()) {
  try {
    return make();
  } catch (const dnnl::error& e) {
    ctx.fail(std::string("oneDNN could not build the ") + what + ": " + e.what());
  }
}

dnnl::memory::dims onednn_dims(const Dims& d);
// A memory object viewing a tensor's buffer (oneDNN takes a non-const pointer; it only reads inputs).
dnnl::memory onednn_view(const dnnl::memory::desc& md, const Tensor& t);
dnnl::memory onednn_view(const dnnl::memory::desc& md, Tensor& t);
// The plain (row-major) f32 descriptor of these dims.
dnnl::memory::desc onednn_plain_f32(const Dims& d);

// Sets oneDNN's OpenMP thread count (0 = leave the default). Returns the count now in effect.
int set_onednn_threads(int threads);
// "oneDNN 2.6.3 (cpu runtime: OpenMP)".
std::string onednn_version_string();

}  // namespace ohmic::exec
