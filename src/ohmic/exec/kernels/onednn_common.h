#pragma once
// What the oneDNN-backed kernels (float Conv, Gemm, MatMul) share: the CPU engine, a way to run a primitive, and
// tensor <-> memory-descriptor helpers.
//
// Threading: Debian's libdnnl 2.6 is built with the OpenMP runtime (DNNL_CPU_RUNTIME == DNNL_RUNTIME_OMP), while
// ohmic's own loops run on TBB. Mixing two spinning thread pools on few cores is ruinous (measured: 20-80x slower
// Conv under load with libgomp's default wait policy), and oneDNN's OpenMP split of a problem depends on the
// thread count. So every oneDNN call runs with ONE OpenMP thread (onednn_execute sets it on the calling thread),
// and the kernels parallelize with ohmic::parallel_for over fixed chunks (images for Conv, rows for Gemm): results
// are the same for any thread count and ohmic::ThreadLimit governs everything.
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

dnnl::engine& onednn_engine();
// Executes on the calling thread (one OpenMP thread) and waits; oneDNN exceptions become ohmic::Error naming the
// node. Safe to call from several TBB tasks at once on different primitives or with user-managed scratchpads.
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

// Sets the calling thread's OpenMP thread count to 1 (once per thread).
void onednn_single_thread_here();
// Adds a freshly allocated scratchpad of this size to the arguments of a primitive built with
// scratchpad_mode::user (nothing when it needs none).
std::unordered_map<int, dnnl::memory> with_scratchpad(std::unordered_map<int, dnnl::memory> args,
                                                      const dnnl::memory::desc& scratch_md);
// Attributes with a user-managed scratchpad, so concurrent executions of one primitive do not share scratch space.
dnnl::primitive_attr onednn_user_scratchpad_attr();
// "oneDNN 2.6.3 (cpu runtime: OpenMP)".
std::string onednn_version_string();

}  // namespace ohmic::exec
