/// Per-feature preprocessing fitted on the training rows only and stored in checkpoints:
/// x′ⱼ = (xⱼ − μⱼ) / σⱼ, with μⱼ the mean and σⱼ the population standard deviation
/// √(Σᵢ(xᵢⱼ − μⱼ)² / n) of feature j over the training rows (as scikit-learn's `StandardScaler`).
///
/// A constant column (σⱼ ≤ 10⁻¹²·max(1, |μⱼ|)) is centred only (σⱼ taken as 1) and listed in
/// `constantFeatures`, never divided by zero.
public struct Standardizer: Codable, Sendable, Equatable {
    /// What the preprocessing does.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// Zero mean and unit variance (the default).
        case standardize
        /// Zero mean only.
        case center
        /// Nothing.
        case none
    }

    /// The mode fitted.
    public var mode: Mode
    /// μⱼ, subtracted from each feature (0 for `none`).
    public var means: [Double]
    /// σⱼ, dividing each centred feature (1 for `center`, `none` and constant features).
    public var scales: [Double]
    /// The indices of features that were constant over the training rows.
    public var constantFeatures: [Int]

    /// Fits the mode on the rows `rows` of a row-major `features` array with `featureCount` columns.
    public init(mode: Mode, fittingRows rows: [Int], of features: [Double], featureCount: Int) {
        self.mode = mode
        means = [Double](repeating: 0, count: featureCount)
        scales = [Double](repeating: 1, count: featureCount)
        constantFeatures = []
        guard mode != .none, !rows.isEmpty else { return }
        let count = Double(rows.count)
        for row in rows {
            for column in 0..<featureCount { means[column] += features[row * featureCount + column] }
        }
        for column in 0..<featureCount { means[column] /= count }
        var squaredDeviations = [Double](repeating: 0, count: featureCount)
        for row in rows {
            for column in 0..<featureCount {
                let deviation = features[row * featureCount + column] - means[column]
                squaredDeviations[column] += deviation * deviation
            }
        }
        for column in 0..<featureCount {
            let deviation = (squaredDeviations[column] / count).squareRoot()
            if deviation <= 1e-12 * max(1, abs(means[column])) {
                constantFeatures.append(column)
            } else if mode == .standardize {
                scales[column] = deviation
            }
        }
    }

    /// Fits the mode on the rows `rows` of `dataset` (its training split).
    public init(mode: Mode, fittingRows rows: [Int], of dataset: Dataset) {
        self.init(mode: mode, fittingRows: rows, of: dataset.features, featureCount: dataset.featureCount)
    }

    /// Applies x′ⱼ = (xⱼ − μⱼ)/σⱼ in place to every row of a row-major array.
    public func apply(to features: inout [Double]) {
        let width = means.count
        guard width > 0, mode != .none else { return }
        precondition(features.count % width == 0, "features must have \(width) columns")
        features.withUnsafeMutableBufferPointer { values in
            var index = 0
            while index < values.count {
                for column in 0..<width { values[index + column] = (values[index + column] - means[column]) / scales[column] }
                index += width
            }
        }
    }

    /// Applies the preprocessing to every row of `dataset`.
    public func apply(to dataset: inout Dataset) {
        precondition(dataset.featureCount == means.count, "the standardizer was fitted on \(means.count) features, the data set has \(dataset.featureCount)")
        apply(to: &dataset.features)
    }
}
