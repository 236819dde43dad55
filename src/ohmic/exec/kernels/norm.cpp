// BatchNormalization (inference only) and LayerNormalization.
#include <cmath>

#include "ohmic/core/parallel.h"
#include "ohmic/exec/kernels/dispatch.h"

namespace ohmic::exec {

namespace {

void batch_norm_kernel(KernelContext& ctx) {
  const graph::Node& node = ctx.node();
  if (node.attr_int("training_mode", 0) != 0)
    ctx.fail("training_mode=1 is not supported: ohmic runs inference only",
             "export the model in eval mode (training_mode=0)");
  for (size_t o = 1; o < node.outputs.size(); ++o)
    if (node.outputs[o] != graph::kNoValue)
      ctx.fail("the training outputs (running/saved mean and variance) are requested; ohmic runs inference only",
               "export the model in eval mode so BatchNormalization has one output");
  const Tensor& x = ctx.input(0);
  if (x.rank() < 2) ctx.fail("input " + graph::dims_str(x.dims()) + " needs at least [N, C]");
  const int64_t C = x.dim(1);
  const char* names[] = {"scale", "B", "input_mean", "input_var"};
  for (size_t i = 1; i <= 4; ++i) {
    const Tensor& p = ctx.input(i);
    if (p.numel() != C || p.rank() != 1)
      ctx.fail(std::string(names[i - 1]) + " has shape " + graph::dims_str(p.dims()) + "; expected [" +
               std::to_string(C) + "]");
    if (!graph::dtype_is_float(p.dtype()))
      ctx.fail(std::string(names[i - 1]) + " is " + std::string(graph::dtype_name(p.dtype())), "use a float type");
  }
  const double eps = node.attr_float("epsilon", 1e-5f);
  // y = x * a[c] + b[c], a = scale / sqrt(var + eps), b = B - mean * a (coefficients in double).
  std::vector<double> scale = ctx.input(1).to_doubles(), bias = ctx.input(2).to_doubles();
  std::vector<double> mean = ctx.input(3).to_doubles(), var = ctx.input(4).to_doubles();
  std::vector<double> a(static_cast<size_t>(C)), b(static_cast<size_t>(C));
  for (size_t c = 0; c < a.size(); ++c) {
    a[c] = scale[c] / std::sqrt(var[c] + eps);
    b[c] = bias[c] - mean[c] * a[c];
  }
  const int64_t planes = x.dim(0) * C, plane = planes > 0 ? x.numel() / planes : 0;
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor y(x.dtype(), x.dims());
    const T* xp = x.data<T>();
    T* yp = y.data<T>();
    parallel_for(planes, 4, [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; ++p) {
        const T ac = static_cast<T>(a[static_cast<size_t>(p % C)]), bc = static_cast<T>(b[static_cast<size_t>(p % C)]);
        for (int64_t i = p * plane; i < (p + 1) * plane; ++i) yp[i] = xp[i] * ac + bc;
      }
    });
    ctx.set_output(0, std::move(y));
  });
}

// Scale and bias apply over the normalized axes; they may omit leading axes or have extent 1 on an axis
// (unidirectional broadcast). Returns, for each normalized offset, the parameter's element index.
std::vector<int64_t> broadcast_index(const KernelContext& ctx, const Tensor& p, const Dims& norm, const char* name) {
  Dims pd = p.dims();
  if (pd.size() > norm.size())
    ctx.fail(std::string(name) + " " + graph::dims_str(pd) + " has more axes than the normalized shape " +
             graph::dims_str(norm));
  pd.insert(pd.begin(), norm.size() - pd.size(), 1);
  for (size_t i = 0; i < norm.size(); ++i)
    if (pd[i] != 1 && pd[i] != norm[i])
      ctx.fail(std::string(name) + " " + graph::dims_str(p.dims()) + " does not broadcast to the normalized shape " +
               graph::dims_str(norm));
  const int64_t n = graph::element_count(norm);
  std::vector<int64_t> idx(static_cast<size_t>(n));
  for (int64_t t = 0; t < n; ++t) {
    int64_t rem = t, pi = 0, stride = 1;
    for (size_t i = norm.size(); i-- > 0;) {
      const int64_t c = rem % norm[i];
      rem /= norm[i];
      if (pd[i] != 1) pi += c * stride;
      stride *= pd[i];
    }
    idx[static_cast<size_t>(t)] = pi;
  }
  return idx;
}

void layer_norm_kernel(KernelContext& ctx) {
  const graph::Node& node = ctx.node();
  const Tensor& x = ctx.input(0);
  const Tensor& scale = ctx.input(1);
  const Tensor* bias = ctx.has_input(2) ? &ctx.input(2) : nullptr;
  int64_t axis = node.attr_int("axis", -1);
  if (axis < -x.rank() || axis >= x.rank())
    ctx.fail("attribute 'axis' is " + std::to_string(axis) + " for input rank " + std::to_string(x.rank()));
  if (axis < 0) axis += x.rank();
  if (scale.dtype() != x.dtype() || (bias && bias->dtype() != x.dtype()))
    ctx.fail("X, Scale and B must share one element type");
  const int64_t stash = node.attr_int("stash_type", 1);
  if (stash != 1 && stash != 11) ctx.fail("attribute 'stash_type' is " + std::to_string(stash), "use 1 (float) or 11 (double)");
  const DType stat_type = stash == 11 ? DType::Float64 : DType::Float32;
  const Dims norm(x.dims().begin() + axis, x.dims().end());
  const int64_t inner = graph::element_count(norm), outer = inner > 0 ? x.numel() / inner : 0;
  if (inner == 0) ctx.fail("the normalized axes of " + graph::dims_str(x.dims()) + " are empty");
  const std::vector<int64_t> si = broadcast_index(ctx, scale, norm, "Scale");
  const std::vector<int64_t> bi = bias ? broadcast_index(ctx, *bias, norm, "B") : std::vector<int64_t>{};
  const double eps = node.attr_float("epsilon", 1e-5f);
  Dims stat_dims = x.dims();
  for (size_t i = static_cast<size_t>(axis); i < stat_dims.size(); ++i) stat_dims[i] = 1;
  Tensor mean_t(stat_type, stat_dims), inv_t(stat_type, stat_dims);
  dispatch_float(x.dtype(), ctx, [&](auto tag) {
    using T = decltype(tag);
    Tensor y(x.dtype(), x.dims());
    const T* xp = x.data<T>();
    const T* sp = scale.data<T>();
    const T* bp = bias ? bias->data<T>() : nullptr;
    T* yp = y.data<T>();
    std::vector<double> means(static_cast<size_t>(outer)), invs(static_cast<size_t>(outer));
    parallel_for(outer, 8, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        const T* row = xp + r * inner;
        double sum = 0;
        for (int64_t i = 0; i < inner; ++i) sum += row[i];
        const double mean = sum / static_cast<double>(inner);
        double sq = 0;
        for (int64_t i = 0; i < inner; ++i) sq += (row[i] - mean) * (row[i] - mean);
        const double inv = 1.0 / std::sqrt(sq / static_cast<double>(inner) + eps);
        for (int64_t i = 0; i < inner; ++i) {
          const double v = (row[i] - mean) * inv * sp[si[static_cast<size_t>(i)]];
          yp[r * inner + i] = static_cast<T>(bp ? v + bp[bi[static_cast<size_t>(i)]] : v);
        }
        means[static_cast<size_t>(r)] = mean;
        invs[static_cast<size_t>(r)] = inv;
      }
    });
    ctx.set_output(0, std::move(y));
    dispatch_float(stat_type, ctx, [&](auto stag) {
      using S = decltype(stag);
      std::copy(means.begin(), means.end(), mean_t.data<S>());
      std::copy(invs.begin(), invs.end(), inv_t.data<S>());
    });
  });
  ctx.set_output(1, std::move(mean_t));
  ctx.set_output(2, std::move(inv_t));
}

}  // namespace

void register_norm_kernels(KernelRegistry& r) {
  r.add(graph::OpKind::BatchNormalization, batch_norm_kernel);
  r.add(graph::OpKind::LayerNormalization, layer_norm_kernel);
}

}  // namespace ohmic::exec
