import Foundation
import Linalg

// Before anything else: if OpenBLAS fell back to generic kernels on a CPU it does not know, start
// again with the right ones (OpenBLAS reads OPENBLAS_CORETYPE only when it loads).
KernelSelection.reexecuteWithBetterKernelsIfNeeded(environment: ProcessInfo.processInfo.environment)
DescentCommand.main()
