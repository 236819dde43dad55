#pragma once
// Sliding-window geometry shared by Conv, ConvInteger, QLinearConv, MaxPool and AveragePool: kernel, strides,
// dilations, begin/end pads and output sizes from the ONNX attributes (auto_pad NOTSET/SAME_UPPER/SAME_LOWER/VALID,
// ceil_mode). Geometry is normalized to three spatial dimensions (a 1-D or 2-D window gets leading dimensions of
// size 1, kernel 1, stride 1, no padding) so one loop nest serves 1-D, 2-D and 3-D ops.
#include <array>
#include <cstdint>
#include <vector>

#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

struct WindowGeometry {
  int spatial_rank = 0;          // 1, 2 or 3: the op's real number of spatial dimensions
  int64_t batch = 0, channels = 0;
  std::vector<int64_t> kernel, strides, dilations, pad_begin, pad_end, in, out;  // spatial_rank entries each

  // The same geometry padded to 3 spatial dimensions (index 0 = depth, 1 = height, 2 = width).
  struct D3 {
    std::array<int64_t, 3> k{1, 1, 1}, s{1, 1, 1}, d{1, 1, 1}, pb{0, 0, 0}, pe{0, 0, 0}, in{1, 1, 1}, out{1, 1, 1};
    int64_t in_size() const { return in[0] * in[1] * in[2]; }
    int64_t out_size() const { return out[0] * out[1] * out[2]; }
    int64_t k_size() const { return k[0] * k[1] * k[2]; }
  };
  D3 d3() const;
  Dims output_dims(int64_t out_channels) const;  // [N, out_channels, out...]
};

struct WindowOptions {
  bool ceil_mode = false;  // pooling only
};

// `x` is the input's dims [N, C, spatial...]; `kernel` the window's spatial extent (from the weights or the
// kernel_shape attribute). Fails through ctx, naming the attribute, on inconsistent attributes or an empty output.
WindowGeometry window_geometry(const KernelContext& ctx, const Dims& x, const std::vector<int64_t>& kernel,
                               WindowOptions options = {});

}  // namespace ohmic::exec
