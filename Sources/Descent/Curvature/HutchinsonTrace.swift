import Linalg

/// A Monte-Carlo trace estimate with its standard error.
public struct TraceEstimate: Sendable, Equatable, Codable {
    /// The mean of the samples zᵀHz.
    public var estimate: Double
    /// s/√m, with s the sample standard deviation of the m samples (NaN for one sample).
    public var standardError: Double
    /// The number of samples m.
    public var sampleCount: Int

    /// An estimate from its parts.
    public init(estimate: Double, standardError: Double, sampleCount: Int) {
        self.estimate = estimate
        self.standardError = standardError
        self.sampleCount = sampleCount
    }
}

/// Hutchinson's trace estimator (M. F. Hutchinson, 1990): for Rademacher z (entries ±1 with
/// probability ½), E[zᵀHz] = tr H, and Var[zᵀHz] = 2·Σ_{i≠j} hᵢⱼ² — the smallest variance among
/// estimators of this form. The estimate is the mean of m samples, its standard error s/√m.
public enum HutchinsonTrace {
    /// Estimates tr H from `samples` products on Rademacher vectors drawn from `random` (one bit of
    /// `random.next()` per entry).
    public static func estimate(
        dimension n: Int, samples m: Int, random: inout RandomGenerator,
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> TraceEstimate {
        guard n > 0 else { throw .invalidArgument(name: "dimension", message: "must be positive, got \(n)") }
        guard m >= 1 else { throw .invalidArgument(name: "samples", message: "must be at least 1, got \(m)") }
        let z = AlignedBuffer<Double>(count: n), hz = AlignedBuffer<Double>(count: n)
        var values: [Double] = []
        values.reserveCapacity(m)
        for _ in 0..<m {
            var bits: UInt64 = 0
            for index in 0..<n {
                if index % 64 == 0 { bits = random.next() }
                z[index] = (bits & 1) == 1 ? 1 : -1
                bits >>= 1
            }
            product(UnsafeBufferPointer(z.buffer), hz.buffer)
            values.append(BLAS.dot(UnsafeBufferPointer(z.buffer), UnsafeBufferPointer(hz.buffer)))
        }
        let mean = values.reduce(0, +) / Double(m)
        guard m > 1 else { return TraceEstimate(estimate: mean, standardError: .nan, sampleCount: 1) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m - 1)
        return TraceEstimate(estimate: mean, standardError: (variance / Double(m)).squareRoot(), sampleCount: m)
    }
}
