/// What a symmetric spectrum says about curvature: its extremes, conditioning, and how many
/// directions curve down, not at all, or up (the saddle index is `negativeCount`).
///
/// Eigenvalues with |λ| ≤ `tolerance` = |λ|max·n·ε count as zero (ε the unit roundoff of the
/// scalar type the spectrum was computed in), the usual numerical-rank rule; the tolerance is kept
/// in the summary so a report can state it.
public struct SpectrumSummary: Sendable, Equatable, Codable {
    /// The number of eigenvalues n.
    public var count: Int
    /// The smallest (most negative) eigenvalue.
    public var lambdaMin: Double
    /// The largest eigenvalue.
    public var lambdaMax: Double
    /// |λ|max / |λ|min over all eigenvalues; +∞ when some eigenvalue is (numerically) zero.
    public var conditionNumber: Double
    /// |λ|max / min{|λ| : |λ| > tolerance}: conditioning over the non-zero part; +∞ if that part is empty.
    public var nonzeroConditionNumber: Double
    /// λmax / λ⁺min over the positive eigenvalues above the tolerance; +∞ if there are none.
    public var positiveConditionNumber: Double
    /// Eigenvalues below −tolerance: directions of negative curvature (the saddle index).
    public var negativeCount: Int
    /// Eigenvalues with |λ| ≤ tolerance.
    public var nearZeroCount: Int
    /// Eigenvalues above +tolerance.
    public var positiveCount: Int
    /// The threshold used for "zero": |λ|max·n·ε.
    public var tolerance: Double
    /// Σλ, the trace.
    public var trace: Double

    /// Summarizes `eigenvalues` (in any order) computed in `Scalar`, whose unit roundoff sets the
    /// zero tolerance. An empty spectrum gives NaN extremes and zero counts.
    public init<Scalar: BLASScalar>(eigenvalues: [Scalar], scalarType: Scalar.Type = Scalar.self) {
        let values = eigenvalues.map { Double($0) }
        count = values.count
        lambdaMin = values.min() ?? .nan
        lambdaMax = values.max() ?? .nan
        let magnitudes = values.map { abs($0) }
        let largestMagnitude = magnitudes.max() ?? 0
        tolerance = largestMagnitude * Double(values.count) * Double(Scalar.ulpOfOne)
        let tol = tolerance
        negativeCount = values.filter { $0 < -tol }.count
        positiveCount = values.filter { $0 > tol }.count
        nearZeroCount = values.count - negativeCount - positiveCount
        trace = values.reduce(0, +)
        let smallestMagnitude = magnitudes.min() ?? 0
        conditionNumber = (nearZeroCount > 0 || smallestMagnitude == 0) ? .infinity : largestMagnitude / smallestMagnitude
        let smallestNonzero = magnitudes.filter { $0 > tol }.min()
        nonzeroConditionNumber = smallestNonzero.map { largestMagnitude / $0 } ?? .infinity
        let positives = values.filter { $0 > tol }
        if let top = positives.max(), let bottom = positives.min() {
            positiveConditionNumber = top / bottom
        } else {
            positiveConditionNumber = .infinity
        }
    }
}
