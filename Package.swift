// swift-tools-version: 6.1
// Descent: a Swift numerical training engine on OpenBLAS and LAPACKE.
// Layers depend downward only: descent (CLI, target DescentCLI in Sources/DescentCLI) → Report → Plot, Descent → Linalg → COpenBLAS;
// Descent → DescentKernels (C: the hot elementwise loops, one copy per instruction-set level, chosen at load time).
//
// No unsafe flags and nothing read from the machine: another package can depend on Descent by version,
// and one binary runs the best kernels for whatever x86-64 or aarch64 CPU it lands on (DescentKernels).
import PackageDescription

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "descent", targets: ["DescentCLI"]),
        .library(name: "Descent", targets: ["Descent"]),
        .library(name: "Linalg", targets: ["Linalg"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "Report", targets: ["Report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "DescentKernels"),
        .target(name: "Linalg", dependencies: ["COpenBLAS"]),
        .target(name: "Descent", dependencies: ["Linalg", "DescentKernels"]),
        .target(name: "Plot"),
        .target(name: "Report", dependencies: ["Descent", "Plot"]),
        .executableTarget(
            name: "DescentCLI",
            dependencies: [
                "Descent", "Linalg", "Plot", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"]),
        .testTarget(name: "DescentTests", dependencies: ["Descent", "Linalg", "DescentKernels"], exclude: ["Fixtures/v0.1"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Descent", "Plot"]),
        .testTarget(name: "CLITests", dependencies: ["DescentCLI", "Descent"]),
    ]
)
