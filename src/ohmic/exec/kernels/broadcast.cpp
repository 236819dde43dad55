#include "ohmic/exec/kernels/broadcast.h"

namespace ohmic::exec {

Dims broadcast_dims(const KernelContext& ctx, std::initializer_list<const Dims*> shapes) {
  size_t rank = 0;
  for (const Dims* s : shapes) rank = std::max(rank, s->size());
  Dims out(rank, 1);
  for (const Dims* s : shapes) {
    const size_t lead = rank - s->size();
    for (size_t i = 0; i < s->size(); ++i) {
      int64_t& o = out[lead + i];
      const int64_t d = (*s)[i];
      if (d == o || d == 1) continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string list;
      for (const Dims* t : shapes) list += (list.empty() ? "" : " and ") + graph::dims_str(*t);
      ctx.fail("input shapes " + list + " do not broadcast (dimension " + std::to_string(lead + i) + ": " +
                   std::to_string(o) + " vs " + std::to_string(d) + ")",
               "give each dimension pair equal sizes or size 1");
    }
  }
  return out;
}

Dims broadcast_strides(const Dims& in, const Dims& out) {
  Dims strides(out.size(), 0);
  const size_t lead = out.size() - in.size();
  int64_t s = 1;
  for (size_t i = in.size(); i-- > 0;) {
    strides[lead + i] = in[i] == 1 ? 0 : s;
    s *= in[i];
  }
  return strides;
}

}  // namespace ohmic::exec
