#pragma once
// Multidirectional (numpy) broadcasting for element-wise kernels. A BroadcastLoop walks the output of shape `out`
// in fixed chunks of the flat index; each chunk is split into runs along the innermost merged dimension and handed
// to a row callback with one element offset per input. Every output element belongs to exactly one run, so results
// do not depend on the thread count.
#include <algorithm>
#include <array>
#include <initializer_list>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

// The broadcast shape of `shapes`; fails naming them when a dimension pair is neither equal nor 1.
Dims broadcast_dims(const KernelContext& ctx, std::initializer_list<const Dims*> shapes);

// Element strides of a contiguous tensor of shape `in` read at every index of `out` (0 along broadcast dimensions).
Dims broadcast_strides(const Dims& in, const Dims& out);

template <size_t N>
class BroadcastLoop {
 public:
  static constexpr int64_t kGrain = int64_t{1} << 15;  // output elements per parallel chunk

  BroadcastLoop(const Dims& out, const std::array<const Dims*, N>& ins) {
    std::array<Dims, N> full;
    for (size_t k = 0; k < N; ++k) full[k] = broadcast_strides(*ins[k], out);
    total_ = 1;
    for (int64_t d : out) total_ *= d;
    // Drop unit dimensions; merge neighbours that stay contiguous (or stay broadcast) for every input.
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i] == 1) continue;
      bool merge = !dims_.empty();
      for (size_t k = 0; merge && k < N; ++k) merge = strides_[k].back() == full[k][i] * out[i];
      if (merge) {
        dims_.back() *= out[i];
        for (size_t k = 0; k < N; ++k) strides_[k].back() = full[k][i];
      } else {
        dims_.push_back(out[i]);
        for (size_t k = 0; k < N; ++k) strides_[k].push_back(full[k][i]);
      }
    }
    if (dims_.empty()) {
      dims_.push_back(1);
      for (size_t k = 0; k < N; ++k) strides_[k].push_back(0);
    }
  }

  // Innermost stride of input k along a run: 1 (contiguous) or 0 (broadcast).
  int64_t inner_stride(size_t k) const { return strides_[k].back(); }

  // row(out_index, count, offsets): `count` consecutive output elements starting at flat index `out_index`; input k
  // starts at element offsets[k] and advances by inner_stride(k).
  template <class Row>
  void run(Row&& row) const {
    if (total_ == 0) return;
    const size_t r = dims_.size();
    const int64_t inner = dims_.back();
    parallel_for(total_, kGrain, [&](int64_t begin, int64_t end) {
      Dims idx(r, 0);
      std::array<int64_t, N> off{};
      int64_t rem = begin;
      for (size_t d = r; d-- > 0;) {
        idx[d] = rem % dims_[d];
        rem /= dims_[d];
        for (size_t k = 0; k < N; ++k) off[k] += idx[d] * strides_[k][d];
      }
      int64_t pos = begin;
      while (pos < end) {
        const int64_t n = std::min(inner - idx[r - 1], end - pos);
        row(pos, n, off);
        pos += n;
        idx[r - 1] += n;
        for (size_t k = 0; k < N; ++k) off[k] += n * strides_[k][r - 1];
        if (idx[r - 1] < inner) continue;
        for (size_t k = 0; k < N; ++k) off[k] -= inner * strides_[k][r - 1];
        idx[r - 1] = 0;
        for (size_t d = r - 1; d-- > 0;) {
          for (size_t k = 0; k < N; ++k) off[k] += strides_[k][d];
          if (++idx[d] < dims_[d]) break;
          for (size_t k = 0; k < N; ++k) off[k] -= dims_[d] * strides_[k][d];
          idx[d] = 0;
        }
      }
    });
  }

 private:
  Dims dims_;
  std::array<Dims, N> strides_;
  int64_t total_ = 0;
};

// out = f(a, b) with broadcasting; O, A, B are the element types of out, a and b.
template <class O, class A, class B, class F>
Tensor broadcast_binary(const KernelContext& ctx, const Tensor& a, const Tensor& b, DType out_type, F f) {
  Dims out_dims = broadcast_dims(ctx, {&a.dims(), &b.dims()});
  Tensor out(out_type, out_dims);
  BroadcastLoop<2> loop(out_dims, {&a.dims(), &b.dims()});
  const A* pa = a.data<A>();
  const B* pb = b.data<B>();
  O* po = out.data<O>();
  const int64_t sa = loop.inner_stride(0), sb = loop.inner_stride(1);
  loop.run([&](int64_t o, int64_t n, const std::array<int64_t, 2>& off) {
    const A* x = pa + off[0];
    const B* y = pb + off[1];
    O* z = po + o;
    if (sa == 1 && sb == 1) {
      for (int64_t i = 0; i < n; ++i) z[i] = f(x[i], y[i]);
    } else if (sa == 0 && sb == 1) {
      const A xv = x[0];
      for (int64_t i = 0; i < n; ++i) z[i] = f(xv, y[i]);
    } else if (sa == 1 && sb == 0) {
      const B yv = y[0];
      for (int64_t i = 0; i < n; ++i) z[i] = f(x[i], yv);
    } else {
      const O v = f(x[0], y[0]);
      std::fill(z, z + n, v);
    }
  });
  return out;
}

}  // namespace ohmic::exec
