#include "ohmic/exec/kernels/onednn_common.h"

#include <dlfcn.h>

#include "ohmic/core/error.h"

namespace ohmic::exec {

// oneDNN fixes a primitive's thread split when it is created (and runs `#pragma omp parallel num_threads(nthr)` with
// that count), so the one-thread setting must precede creation as well as execution: every creation path asks for
// the engine first.
dnnl::engine& onednn_engine() {
  onednn_single_thread_here();
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

void onednn_execute(const KernelContext& ctx, const dnnl::primitive& p, const std::unordered_map<int, dnnl::memory>& args) {
  onednn_single_thread_here();
  try {
    dnnl::stream s(onednn_engine());
    p.execute(s, args);
    s.wait();
  } catch (const dnnl::error& e) {
    ctx.fail(std::string("oneDNN failed to execute: ") + e.what());
  }
}

dnnl::memory::dims onednn_dims(const Dims& d) { return dnnl::memory::dims(d.begin(), d.end()); }

dnnl::memory onednn_view(const dnnl::memory::desc& md, const Tensor& t) {
  return dnnl::memory(md, onednn_engine(), const_cast<void*>(t.raw()));
}
dnnl::memory onednn_view(const dnnl::memory::desc& md, Tensor& t) { return dnnl::memory(md, onednn_engine(), t.raw()); }

dnnl::memory::desc onednn_plain_f32(const Dims& d) {
  dnnl::memory::dims strides(d.size(), 1);
  for (size_t i = d.size(); i-- > 1;) strides[i - 1] = strides[i] * std::max<int64_t>(d[i], 1);
  return dnnl::memory::desc(onednn_dims(d), dnnl::memory::data_type::f32, strides);
}

// libgomp is loaded with libdnnl; omp_set_num_threads is looked up at run time so ohmic_exec needs no OpenMP link.
// The OpenMP thread count is per-thread state (an ICV), hence once per calling thread.
void onednn_single_thread_here() {
  thread_local bool done = false;
  if (done) return;
  using SetFn = void (*)(int);
  static const auto set = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  if (set) set(1);
  done = true;
}

std::unordered_map<int, dnnl::memory> with_scratchpad(std::unordered_map<int, dnnl::memory> args,
                                                      const dnnl::memory::desc& scratch_md) {
  if (scratch_md.get_size() > 0) args[DNNL_ARG_SCRATCHPAD] = dnnl::memory(scratch_md, onednn_engine());
  return args;
}

dnnl::primitive_attr onednn_user_scratchpad_attr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

std::string onednn_version_string() {
  const dnnl_version_t* v = dnnl_version();
  std::string runtime = v->cpu_runtime == DNNL_RUNTIME_OMP   ? "OpenMP"
                        : v->cpu_runtime == DNNL_RUNTIME_TBB ? "TBB"
                        : v->cpu_runtime == DNNL_RUNTIME_SEQ ? "sequential"
                                                             : "other";
  return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
         " (cpu runtime: " + runtime + ")";
}

}  // namespace ohmic::exec
