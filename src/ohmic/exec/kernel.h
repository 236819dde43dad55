#pragma once
// The kernel interface: one function per op, looked up in the KernelRegistry by OpKind. A kernel reads its inputs,
// computes output shapes from them (shapes are only known at run time: the batch is symbolic), and sets outputs.
// Kernels never write into their inputs. Bad attributes or shapes throw ohmic::Error naming the node.
#include <memory>
#include <vector>

#include "ohmic/graph/graph.h"

namespace ohmic::exec {

using graph::Dims;
using graph::DType;
using graph::Tensor;

// Per-node state a kernel may keep between runs (e.g. oneDNN primitives and reordered weights).
struct KernelState {
  virtual ~KernelState() = default;
};

class KernelContext {
 public:
  KernelContext(const graph::Node& node, std::vector<const Tensor*> inputs, std::unique_ptr<KernelState>& state)
      : node_(node), inputs_(std::move(inputs)), outputs_(node.outputs.size()), state_(state) {}

  const graph::Node& node() const { return node_; }
  size_t num_inputs() const { return inputs_.size(); }
  bool has_input(size_t i) const { return i < inputs_.size() && inputs_[i] != nullptr; }
  const Tensor& input(size_t i) const;  // throws naming the node when the input is missing
  size_t num_outputs() const { return outputs_.size(); }
  void set_output(size_t i, Tensor t);
  std::vector<Tensor>& outputs() { return outputs_; }
  // Throws "<op 'name'>: what (fix: fix)".
  [[noreturn]] void fail(const std::string& what, const std::string& fix = {}) const;

  template <class S>
  S& state() {
    if (!state_) state_ = std::make_unique<S>();
    return static_cast<S&>(*state_);
  }

 private:
  const graph::Node& node_;
  std::vector<const Tensor*> inputs_;
  std::vector<Tensor> outputs_;
  std::unique_ptr<KernelState>& state_;
};

using KernelFn = void (*)(KernelContext&);

class KernelRegistry {
 public:
  void add(graph::OpKind op, KernelFn fn);
  KernelFn find(graph::OpKind op) const;
  static const KernelRegistry& instance();

 private:
  std::vector<KernelFn> table_;
};

// One registration function per kernel file (kernels/*.cpp); registry.cpp calls them all.
void register_elementwise_kernels(KernelRegistry& r);  // Add Sub Mul Div Pow Equal Where + unary math
void register_activation_kernels(KernelRegistry& r);   // Relu LeakyRelu Sigmoid HardSigmoid HardSwish Tanh Clip Erf
void register_shape_kernels(KernelRegistry& r);        // Reshape Flatten Transpose Concat Split Slice Squeeze ...
void register_reduce_kernels(KernelRegistry& r);       // ReduceMean ReduceSum ReduceMax Softmax LogSoftmax
void register_misc_kernels(KernelRegistry& r);         // Cast Identity Dropout Shape ConstantOfShape Range Pad ...
void register_conv_kernels(KernelRegistry& r);         // Conv ConvInteger QLinearConv
void register_matmul_kernels(KernelRegistry& r);       // Gemm MatMul MatMulInteger QLinearMatMul
void register_pool_kernels(KernelRegistry& r);         // MaxPool AveragePool GlobalAveragePool GlobalMaxPool
void register_norm_kernels(KernelRegistry& r);         // BatchNormalization LayerNormalization
void register_quant_kernels(KernelRegistry& r);        // QuantizeLinear DequantizeLinear

}  // namespace ohmic::exec
