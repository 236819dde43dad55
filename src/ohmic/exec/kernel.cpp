#include "ohmic/exec/kernel.h"

#include "ohmic/core/error.h"

namespace ohmic::exec {

const Tensor& KernelContext::input(size_t i) const {
  if (!has_input(i)) fail("input " + std::to_string(i) + " is required but missing", "connect the input in the model");
  return *inputs_[i];
}

void KernelContext::set_output(size_t i, Tensor t) {
  if (i >= outputs_.size()) return;  // optional output the model does not use
  outputs_[i] = std::move(t);
}

void KernelContext::fail(const std::string& what, const std::string& fix) const { ohmic::fail(node_.label(), what, fix); }

void KernelRegistry::add(graph::OpKind op, KernelFn fn) {
  size_t i = static_cast<size_t>(op);
  if (table_.size() <= i) table_.resize(i + 1, nullptr);
  table_[i] = fn;
}

KernelFn KernelRegistry::find(graph::OpKind op) const {
  size_t i = static_cast<size_t>(op);
  return i < table_.size() ? table_[i] : nullptr;
}

const KernelRegistry& KernelRegistry::instance() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    register_elementwise_kernels(r);
    register_activation_kernels(r);
    register_shape_kernels(r);
    register_reduce_kernels(r);
    register_misc_kernels(r);
    register_conv_kernels(r);
    register_matmul_kernels(r);
    register_pool_kernels(r);
    register_norm_kernels(r);
    register_quant_kernels(r);
    return r;
  }();
  return registry;
}

}  // namespace ohmic::exec
