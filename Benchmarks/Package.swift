// swift-tools-version: 6.1
// Descent's benchmarks, a package of their own so that `swift test` and CI never build them.
// Run: scripts/bench (sets OpenBLAS kernels and threads like the CLI), or
//      cd Benchmarks && swift package benchmark
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
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
