// swift-tools-version: 6.1
// Descent: a Swift numerical training engine on OpenBLAS and LAPACKE.
// Layers depend downward only: descent (CLI, target DescentCLI in Sources/DescentCLI) → Report → Plot, Descent → Linalg → COpenBLAS.
import Foundation
import PackageDescription

/// Lets loops that call `squareRoot()` vectorize: without it, Linux lowers sqrt to a libm call that
/// may set errno (measured 3.9× slower on an Adam update, see shared/PLATFORM.md). It must be on
/// every module that specializes a numeric kernel. Being an unsafe flag, it keeps Descent from being
/// used as a remote dependency; Descent is an application first, and local path use still works.
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])] + nativeCode

/// Code for the CPU that builds it, like C's `-march=native`: on an x86-64 CPU with AVX2 and FMA,
/// `-target-cpu haswell` (measured: Adam's update 1.4–1.5× faster, a batch-16 training step about
/// 1.5× faster, than the SSE2 baseline). SwiftPM builds from source where Descent runs; for a binary
/// to copy to older machines, build with DESCENT_TARGET_CPU=generic (or name another CPU).
/// Floating-point results do not change: Swift does not contract a·b + c into FMA by itself.
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
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "Linalg", dependencies: ["COpenBLAS"], swiftSettings: fastMath),
        .target(name: "Descent", dependencies: ["Linalg"], swiftSettings: fastMath),
        .target(name: "Plot", swiftSettings: nativeCode),
        .target(name: "Report", dependencies: ["Descent", "Plot"], swiftSettings: nativeCode),
        .executableTarget(
            name: "DescentCLI",
            dependencies: [
                "Descent", "Linalg", "Plot", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fastMath
        ),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"], swiftSettings: fastMath),
        .testTarget(name: "DescentTests", dependencies: ["Descent", "Linalg"], swiftSettings: fastMath),
        .testTarget(name: "PlotTests", dependencies: ["Plot"], swiftSettings: nativeCode),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Descent", "Plot"], swiftSettings: nativeCode),
        .testTarget(name: "CLITests", dependencies: ["DescentCLI"], swiftSettings: nativeCode),
    ]
)
