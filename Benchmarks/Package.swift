// swift-tools-version: 6.1
// Descent's benchmarks, a package of their own so that `swift test` and CI never build them.
// Run: scripts/bench (sets OpenBLAS kernels and threads like the CLI), or
//      cd Benchmarks && swift package benchmark
import Foundation
import PackageDescription

let package = Package(
    name: "DescentBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Descent", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DescentBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Descent", package: "Descent"),
                .product(name: "Linalg", package: "Descent"),
            ],
            path: "DescentBenchmarks",
            swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])] + nativeCode,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

/// The same native code generation as the root package (see its `nativeCode`): the benchmarks
/// specialize Descent's generic kernels, so they must be compiled for the same CPU.
var nativeCode: [SwiftSetting] {
    if let cpu = ProcessInfo.processInfo.environment["DESCENT_TARGET_CPU"] {
        return cpu.isEmpty || cpu == "generic" ? [] : [.unsafeFlags(["-target-cpu", cpu])]
    }
    #if arch(x86_64) && os(Linux)
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let flags = Set(line.split(separator: " ").map(String.init))
    let haswell = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "lzcnt", "popcnt"]
    return haswell.allSatisfy { flags.contains($0) || ($0 == "lzcnt" && flags.contains("abm")) } ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
    #else
    return []
    #endif
}
