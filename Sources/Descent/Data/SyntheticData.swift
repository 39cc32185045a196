import Linalg
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A generated table: features `x0, x1, …` and a target column (`label`, integer classes, or `y`).
public struct SyntheticTable: Sendable, Equatable {
    /// The column names, features first and the target last.
    public var columnNames: [String]
    /// The number of rows.
    public var rowCount: Int
    /// The features, row-major `rowCount × (columnNames.count − 1)`.
    public var features: [Double]
    /// The class of each row (classification sets); empty for regression.
    public var labels: [Int]
    /// The target of each row (regression); empty for classification.
    public var targets: [Double]

    /// The number of feature columns.
    public var featureCount: Int { columnNames.count - 1 }

    /// The table as CSV text with a header; numbers in Swift's shortest round-trip form, so reading
    /// the text back gives exactly these Doubles (−0 is written as 0, the same number for training).
    public func csvText() -> String {
        var text = columnNames.joined(separator: ",") + "\n"
        for row in 0..<rowCount {
            for column in 0..<featureCount {
                text += String(features[row * featureCount + column] + 0)  // x + 0 turns −0 into +0
                text += ","
            }
            text += labels.isEmpty ? String(targets[row]) : String(labels[row])
            text += "\n"
        }
        return text
    }
}

/// The classic toy data sets, drawn from a `RandomGenerator` seeded with `seed`, for
/// `descent make-data` and for tests. Rows come grouped by class.
public enum SyntheticData {
    /// The samples of each class: `samples / classes`, the first `samples % classes` classes one more.
    static func classSizes(samples: Int, classes: Int) -> [Int] {
        (0..<classes).map { samples / classes + ($0 < samples % classes ? 1 : 0) }
    }

    static func validate(samples: Int, classes: Int, minimumClasses: Int = 2) throws(DataError) {
        guard samples >= classes, samples > 0 else {
            throw .invalidOption(name: "samples", value: String(samples), expected: "at least one sample per class")
        }
        guard classes >= minimumClasses else {
            throw .invalidOption(name: "classes", value: String(classes), expected: "at least \(minimumClasses)")
        }
    }

    /// Linearly spaced values: `count` points from `start` to `end` inclusive (numpy's `linspace`).
    static func linspace(_ start: Double, _ end: Double, _ count: Int) -> [Double] {
        count == 1 ? [start] : (0..<count).map { start + (end - start) * Double($0) / Double(count - 1) }
    }

    /// CS231n's spiral (https://cs231n.github.io/neural-networks-case-study/): for class k with n
    /// points, radius r = linspace(0, 1, n), angle t = linspace(4k, 4(k+1), n) + 0.2·N(0, 1), and the
    /// point (r sin t, r cos t). Not linearly separable: the classic case for a hidden layer.
    public static func spiral(samples: Int, classes: Int = 3, seed: UInt64) throws(DataError) -> SyntheticTable {
        try validate(samples: samples, classes: classes)
        var random = RandomGenerator(seed: seed)
        var features: [Double] = [], labels: [Int] = []
        for (label, count) in classSizes(samples: samples, classes: classes).enumerated() {
            let radii = linspace(0, 1, count)
            let angles = linspace(4 * Double(label), 4 * Double(label + 1), count)
            for index in 0..<count {
                let angle = angles[index] + 0.2 * random.normal()
                features += [radii[index] * sin(angle), radii[index] * cos(angle)]
                labels.append(label)
            }
        }
        return SyntheticTable(columnNames: ["x0", "x1", "label"], rowCount: labels.count, features: features,
                              labels: labels, targets: [])
    }

    /// Gaussian blobs: `classes` centres drawn uniformly in [−10, 10]², each with its points drawn
    /// from N(centre, standardDeviation² I) (as scikit-learn's `make_blobs`).
    public static func blobs(samples: Int, classes: Int = 3, standardDeviation: Double = 1, seed: UInt64) throws(DataError) -> SyntheticTable {
        try validate(samples: samples, classes: classes)
        var random = RandomGenerator(seed: seed)
        let centres = (0..<classes).map { _ in (random.uniform() * 20 - 10, random.uniform() * 20 - 10) }
        var features: [Double] = [], labels: [Int] = []
        for (label, count) in classSizes(samples: samples, classes: classes).enumerated() {
            for _ in 0..<count {
                features += [centres[label].0 + standardDeviation * random.normal(),
                             centres[label].1 + standardDeviation * random.normal()]
                labels.append(label)
            }
        }
        return SyntheticTable(columnNames: ["x0", "x1", "label"], rowCount: labels.count, features: features,
                              labels: labels, targets: [])
    }

    /// Two interleaving half circles (scikit-learn's `make_moons`): class 0 at (cos t, sin t), class 1
    /// at (1 − cos t, ½ − sin t), t = linspace(0, π, n), plus N(0, noise²) on each coordinate.
    public static func moons(samples: Int, noise: Double = 0.1, seed: UInt64) throws(DataError) -> SyntheticTable {
        try validate(samples: samples, classes: 2)
        var random = RandomGenerator(seed: seed)
        var features: [Double] = [], labels: [Int] = []
        for (label, count) in classSizes(samples: samples, classes: 2).enumerated() {
            for angle in linspace(0, Double.pi, count) {
                let x = label == 0 ? cos(angle) : 1 - cos(angle)
                let y = label == 0 ? sin(angle) : 0.5 - sin(angle)
                features += [x + noise * random.normal(), y + noise * random.normal()]
                labels.append(label)
            }
        }
        return SyntheticTable(columnNames: ["x0", "x1", "label"], rowCount: labels.count, features: features,
                              labels: labels, targets: [])
    }

    /// Concentric circles (scikit-learn's `make_circles`, generalised to `classes` rings): class k on
    /// the circle of radius 1 − k·(1 − factor)/(classes − 1) at angles 2πi/n, plus N(0, noise²) on
    /// each coordinate; with two classes the radii are 1 and `factor`.
    public static func circles(samples: Int, classes: Int = 2, factor: Double = 0.5, noise: Double = 0.05, seed: UInt64) throws(DataError) -> SyntheticTable {
        try validate(samples: samples, classes: classes)
        var random = RandomGenerator(seed: seed)
        var features: [Double] = [], labels: [Int] = []
        for (label, count) in classSizes(samples: samples, classes: classes).enumerated() {
            let radius = 1 - Double(label) * (1 - factor) / Double(classes - 1)
            for index in 0..<count {
                let angle = 2 * Double.pi * Double(index) / Double(count)
                features += [radius * cos(angle) + noise * random.normal(), radius * sin(angle) + noise * random.normal()]
                labels.append(label)
            }
        }
        return SyntheticTable(columnNames: ["x0", "x1", "label"], rowCount: labels.count, features: features,
                              labels: labels, targets: [])
    }

    /// A linear regression set: x ~ N(0, I) with `features` coordinates, weights wⱼ ~ U[−3, 3],
    /// and y = w·x + 1 + noise·N(0, 1). The best possible R² is 1 − noise²/(‖w‖² + noise²).
    public static func regression(samples: Int, features featureCount: Int = 5, noise: Double = 0.1, seed: UInt64) throws(DataError) -> SyntheticTable {
        guard samples > 0 else { throw .invalidOption(name: "samples", value: String(samples), expected: "a positive integer") }
        guard featureCount > 0 else { throw .invalidOption(name: "features", value: String(featureCount), expected: "a positive integer") }
        var random = RandomGenerator(seed: seed)
        let weights = (0..<featureCount).map { _ in random.uniform() * 6 - 3 }
        var features: [Double] = [], targets: [Double] = []
        for _ in 0..<samples {
            var y = 1.0
            for column in 0..<featureCount {
                let x = random.normal()
                features.append(x)
                y += weights[column] * x
            }
            targets.append(y + noise * random.normal())
        }
        return SyntheticTable(columnNames: (0..<featureCount).map { "x\($0)" } + ["y"], rowCount: samples,
                              features: features, labels: [], targets: targets)
    }
}
