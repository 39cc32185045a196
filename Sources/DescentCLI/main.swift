import Foundation
import Linalg

// Before anything else: if OpenBLAS fell back to generic kernels on a CPU it does not know, start
// again with the right ones (OpenBLAS reads OPENBLAS_CORETYPE only when it loads).
KernelSelection.reexecuteWithBetterKernelsIfNeeded(environment: ProcessInfo.processInfo.environment)
// A closed pipe on standard output is a failed write (exit 74 with the reason), not a silent death by SIGPIPE.
signal(SIGPIPE, SIG_IGN)
DescentCommand.main()
