#pragma once
// Runs one conformance test in a forked child process, so that a kernel that crashes (SIGSEGV, abort) or hangs
// costs one FAIL line instead of the whole run. The child imports, executes and compares (runner.h run_case) and
// sends back the outcome; a child killed by a signal is a FAIL naming the signal, one that runs past the time limit
// is a FAIL saying so. The parent process never runs kernels, so no thread pool exists when it forks.
#include <string>

#include "ohmic/conformance/runner.h"

namespace ohmic::conformance {

CaseResult run_case_isolated(const std::string& dir, const Filter& filter, const Tolerance& tol, int timeout_s);

}  // namespace ohmic::conformance
