import Linalg

/// How sharp a minimum is, by three measures: the largest Hessian eigenvalue, the Hessian's trace,
/// and ε-sharpness (Keskar et al. 2017).
public struct SharpnessReport: Sendable, Equatable {
    /// λmax by Lanczos.
    public var lambdaMax: Double
    /// ‖H·v − λmax·v‖ of its eigenvector.
    public var lambdaMaxResidual: Double
    /// Whether Lanczos met its tolerance.
    public var lambdaMaxConverged: Bool
    /// tr H by Hutchinson's estimator, with its standard error.
    public var trace: TraceEstimate
    /// The largest loss increase in the ε-box.
    public var epsilonSharpness: EpsilonSharpness
    /// Hessian-vector products computed (Lanczos and Hutchinson).
    public var hessianProducts: Int

    /// A report from its parts.
    public init(lambdaMax: Double, lambdaMaxResidual: Double, lambdaMaxConverged: Bool, trace: TraceEstimate,
                epsilonSharpness: EpsilonSharpness, hessianProducts: Int) {
        self.lambdaMax = lambdaMax
        self.lambdaMaxResidual = lambdaMaxResidual
        self.lambdaMaxConverged = lambdaMaxConverged
        self.trace = trace
        self.epsilonSharpness = epsilonSharpness
        self.hessianProducts = hessianProducts
    }

}

/// Settings of `NetworkSharpness.measure`.
public struct SharpnessSettings: Sendable, Equatable {
    /// ε of the ε-sharpness box (Keskar et al. use 1e-3 and 5e-4).
    public var epsilon: Double
    /// Projected-ascent steps for ε-sharpness.
    public var ascentSteps: Int
    /// Rademacher samples for the trace.
    public var traceSamples: Int
    /// Lanczos's relative tolerance for λmax.
    public var tolerance: Double

    /// Settings; defaults ε = 1e-3, 20 ascent steps, 100 trace samples, tolerance 1e-6.
    public init(epsilon: Double = 1e-3, ascentSteps: Int = 20, traceSamples: Int = 100, tolerance: Double = 1e-6) {
        self.epsilon = epsilon
        self.ascentSteps = ascentSteps
        self.traceSamples = traceSamples
        self.tolerance = tolerance
    }
}

/// Measures the sharpness of a network's objective (mean loss over the operator's rows plus
/// penalties) at its current parameters.
public enum NetworkSharpness {
    /// λmax (Lanczos, largest end only), tr H (Hutchinson) and ε-sharpness (projected ascent over
    /// the full objective). The network's parameters are restored afterwards, bit for bit.
    public static func measure(_ hessian: NetworkHessian, settings: SharpnessSettings = SharpnessSettings(),
                               random: inout RandomGenerator) throws(CurvatureError) -> SharpnessReport {
        let n = hessian.dimension
        let before = hessian.productCount
        let top = try Lanczos.extremeEigenpairs(dimension: n, count: 1, tolerance: settings.tolerance, ends: .largest,
                                                random: &random) { hessian.apply($0, into: $1) }
        let trace = try HutchinsonTrace.estimate(dimension: n, samples: settings.traceSamples, random: &random) { hessian.apply($0, into: $1) }
        let products = hessian.productCount - before
        let theta = Array(hessian.network.parameters.buffer)
        defer { _ = hessian.network.parameters.buffer.update(fromContentsOf: theta) }
        let sharpness = try EpsilonSharpnessSearch.measure(at: theta, epsilon: settings.epsilon, steps: settings.ascentSteps,
                                                           random: &random, objective: hessian.objective())
        return SharpnessReport(lambdaMax: top.largest[0].value, lambdaMaxResidual: top.largest[0].residual,
                               lambdaMaxConverged: top.largestConverged, trace: trace, epsilonSharpness: sharpness,
                               hessianProducts: products)
    }
}

