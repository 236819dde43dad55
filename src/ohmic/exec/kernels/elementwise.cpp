// Host kernels: see the registration comment in ohmic/exec/kernel.h.
#include "ohmic/exec/kernel.h"

namespace ohmic::exec {

void register_elementwise_kernels(KernelRegistry& r) { (void)r; }

}  // namespace ohmic::exec
