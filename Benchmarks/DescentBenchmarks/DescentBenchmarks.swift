import Benchmark
import Foundation
import Linalg

/// Every suite registers itself here; each lives in its own file (`<Subject>Benchmarks.swift`).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration.maxDuration = .seconds(2)
    Benchmark.defaultConfiguration.maxIterations = 100_000
    OpenBLASRuntime.setThreadCount(BenchmarkSettings.threads)
    registerLinalgBenchmarks()
    registerDataBenchmarks()
    registerModelBenchmarks()
    registerOptimizerBenchmarks()
    registerTrainingBenchmarks()
    registerStepBenchmarks()
    registerCurvatureBenchmarks()
}

/// Settings shared by every suite.
enum BenchmarkSettings {
    /// One OpenBLAS thread unless DESCENT_THREADS says otherwise: two threads on these 2-vCPU
    /// machines give bimodal timings (shared/PLATFORM.md).
    static var threads: Int {
        Int(ProcessInfo.processInfo.environment["DESCENT_THREADS"] ?? "") ?? 1
    }
}
