/// Calibration of the top-class confidence (Guo et al. 2017, "On Calibration of Modern Neural
/// Networks"): rows are binned by confidence c = maxₖ pₖ into M equal-width bins
/// Bₘ = ((m−1)/M, m/M] (c = 0 goes to the first), and
///
///     ECE = Σₘ (|Bₘ|/n)·|acc(Bₘ) − conf(Bₘ)|
///
/// where acc is the fraction of the bin's rows predicted right and conf their mean confidence. The
/// bins are the reliability diagram.
public struct Calibration: Sendable, Equatable, Codable {
    /// One bar of the reliability diagram.
    public struct Bin: Sendable, Equatable, Codable {
        /// The bin's confidence range (lower, upper].
        public var lower: Double
        /// The upper end.
        public var upper: Double
        /// Rows in the bin.
        public var count: Int
        /// Their mean confidence (nil: empty bin).
        public var meanConfidence: Double?
        /// The fraction predicted right (nil: empty bin).
        public var accuracy: Double?

        enum CodingKeys: String, CodingKey {
            case lower, upper, count, meanConfidence = "mean_confidence", accuracy
        }

        /// Encodes every key, nil as null.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lower, forKey: .lower)
            try container.encode(upper, forKey: .upper)
            try container.encode(count, forKey: .count)
            try container.encode(meanConfidence, forKey: .meanConfidence)
            try container.encode(accuracy, forKey: .accuracy)
        }
    }

    /// The M bins, in order of confidence.
    public var bins: [Bin]
    /// ECE, in [0, 1].
    public var expectedCalibrationError: Double

    enum CodingKeys: String, CodingKey {
        case bins, expectedCalibrationError = "expected_calibration_error"
    }

    /// The calibration of `rows` (repeats allowed) of row-major n×C `probabilities` in `binCount` bins.
    public init(probabilities: [Double], labels: [Int32], classCount c: Int, rows: [Int], binCount: Int = 10) {
        precondition(binCount > 0, "Calibration: binCount must be positive")
        var counts = [Int](repeating: 0, count: binCount), correct = [Int](repeating: 0, count: binCount)
        var confidence = [Double](repeating: 0, count: binCount)
        for row in rows {
            let predicted = ClassificationScores.argmax(probabilities, row: row, classes: c)
            let top = probabilities[row * c + predicted]
            let bin = min(binCount - 1, max(0, Int((top * Double(binCount)).rounded(.up)) - 1))
            counts[bin] += 1
            confidence[bin] += top
            if predicted == Int(labels[row]) { correct[bin] += 1 }
        }
        let n = Double(max(rows.count, 1))
        var ece = 0.0
        bins = (0..<binCount).map { m in
            let lower = Double(m) / Double(binCount), upper = Double(m + 1) / Double(binCount)
            guard counts[m] > 0 else { return Bin(lower: lower, upper: upper, count: 0, meanConfidence: nil, accuracy: nil) }
            let size = Double(counts[m])
            let accuracy = Double(correct[m]) / size, mean = confidence[m] / size
            ece += size / n * abs(accuracy - mean)
            return Bin(lower: lower, upper: upper, count: counts[m], meanConfidence: mean, accuracy: accuracy)
        }
        expectedCalibrationError = ece
    }
}
