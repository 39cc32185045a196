// swift-tools-version: 6.1
// Descent: a Swift numerical training engine on OpenBLAS and LAPACKE.
// Layers depend downward only: descent (CLI, target DescentCLI in Sources/descent) → Plot, Descent → Linalg → COpenBLAS.
import PackageDescription

/// Lets loops that call `squareRoot()` vectorize: without it, Linux lowers sqrt to a libm call that
/// may set errno (measured 3.9× slower on an Adam update, see shared/PLATFORM.md). It must be on
/// every module that specializes a numeric kernel. Being an unsafe flag, it keeps Descent from being
/// used as a remote dependency; Descent is an application first, and local path use still works.
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "descent", targets: ["DescentCLI"]),
        .library(name: "Descent", targets: ["Descent"]),
        .library(name: "Linalg", targets: ["Linalg"]),
        .library(name: "Plot", targets: ["Plot"]),
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
        .target(name: "Plot"),
        .executableTarget(
            name: "DescentCLI",
            dependencies: [
                "Descent", "Linalg", "Plot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/descent",
            swiftSettings: fastMath
        ),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"], swiftSettings: fastMath),
        .testTarget(name: "DescentTests", dependencies: ["Descent", "Linalg"], swiftSettings: fastMath),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "CLITests", dependencies: ["DescentCLI"]),
    ]
)
