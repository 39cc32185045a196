import Linalg

/// The loss of a network on a 2-D plane through its weights: L(θ* + a·d₁ + b·d₂) and the accuracy
/// on a grid of (a, b) (Li et al. 2018).
public struct NetworkLandscapeGrid: Sendable, Equatable {
    /// The a values (along d₁), ascending.
    public var a: [Double]
    /// The b values (along d₂), ascending.
    public var b: [Double]
    /// values[j·a.count + i] is the point (a[i], b[j]).
    public var values: [LandscapeValue]

    /// The value at (a[i], b[j]).
    public func value(i: Int, j: Int) -> LandscapeValue { values[j * a.count + i] }

    /// The loss as rows of constant b (row j: b[j]), for a contour plot.
    public var lossRows: [[Double]] { b.indices.map { j in a.indices.map { i in value(i: i, j: j).loss } } }
}

/// Evaluates a network's loss landscape on a plane.
public enum NetworkLandscape {
    /// `count` evenly spaced values from `low` to `high` inclusive (count ≥ 2; the exact ends).
    public static func axis(from low: Double, to high: Double, count: Int) -> [Double] {
        precondition(count >= 2 && high > low, "NetworkLandscape.axis: need count ≥ 2 and high > low")
        return (0..<count).map { $0 == count - 1 ? high : low + (high - low) * Double($0) / Double(count - 1) }
    }

    /// L and accuracy on `rows` at θ(a, b) = plane.origin + a·plane.first + b·plane.second for every
    /// a in `a` and b in `b`, in parallel over points (`options.threads`; the values do not depend on
    /// it). BatchNorm statistics are the network's own, or recomputed at each point on
    /// `statisticsRows` (the training rows) when `options.recomputesBatchNorm`. Without BatchNorm, the
    /// value at (0, 0) is `Evaluator.evaluate(network, on: rows)` exactly.
    public static func grid<Scalar: BLASScalar>(
        network: Network<Scalar>, plane: NetworkPlane, a: [Double], b: [Double], rows: EvaluationSet<Scalar>,
        statisticsRows: EvaluationSet<Scalar>? = nil, options: LandscapeEvaluationOptions = LandscapeEvaluationOptions(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(ModelError) -> NetworkLandscapeGrid {
        guard plane.origin.count == network.layout.count else {
            throw .invalidSpec(field: "plane", message: "\(plane.origin.count) values for a network of \(network.layout.count) parameters")
        }
        let base = network.state()
        let columns = a.count
        let values = try LandscapeEvaluator.evaluate(
            network: network, count: a.count * b.count, sets: [rows], statisticsRows: statisticsRows, options: options,
            progress: progress
        ) { point in
            var state = base
            plane.point(a: a[point % columns], b: b[point / columns], into: &state.parameters)
            return state
        }
        return NetworkLandscapeGrid(a: a, b: b, values: values.map { $0[0] })
    }
}

/// One point of the straight line between two models.
public struct InterpolationPoint: Sendable, Equatable {
    /// The position t: θ = (1 − t)·θ_A + t·θ_B.
    public var t: Double
    /// Loss and accuracy on the training rows.
    public var train: LandscapeValue
    /// Loss and accuracy on the validation rows (nil when none were given).
    public var validation: LandscapeValue?
}

/// The 1-D interpolation between two models of the same architecture (Goodfellow, Vinyals & Saxe
/// 2015, "Qualitatively characterizing neural network optimization problems").
public enum NetworkInterpolation {
    /// Training and validation loss at θ(t) = (1 − t)·θ_A + t·θ_B for each t. The running statistics
    /// are interpolated the same way, then, with `options.recomputesBatchNorm`, recomputed on the
    /// training rows at each point (the interpolated weights were never trained, so neither model's
    /// statistics fit them). `network` supplies the architecture and is not changed.
    public static func line<Scalar: BLASScalar>(
        network: Network<Scalar>, from a: NetworkState, to b: NetworkState, t: [Double], train: EvaluationSet<Scalar>,
        validation: EvaluationSet<Scalar>? = nil, options: LandscapeEvaluationOptions = LandscapeEvaluationOptions(),
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(ModelError) -> [InterpolationPoint] {
        let template = network.state()
        guard a.parameters.count == template.parameters.count, b.parameters.count == template.parameters.count,
              a.runningMeans.count == template.runningMeans.count, b.runningMeans.count == template.runningMeans.count else {
            throw .invalidSpec(field: "models", message: "the two models must have the architecture of the network")
        }
        let sets = [train] + (validation.map { [$0] } ?? [])
        let values = try LandscapeEvaluator.evaluate(network: network, count: t.count, sets: sets, statisticsRows: train,
                                                     options: options, progress: progress) { point in
            NetworkState.interpolate(a, b, t: t[point])
        }
        return t.indices.map { InterpolationPoint(t: t[$0], train: values[$0][0], validation: values[$0].count > 1 ? values[$0][1] : nil) }
    }
}

extension NetworkLandscape {
    /// The second difference of the objective (mean data loss on `rows` plus the L2 penalty) along
    /// `direction` at the network's point: (L(θ + h·d) − 2·L(θ) + L(θ − h·d))/h², which for a unit
    /// eigenvector d of the Hessian tends to its eigenvalue as h → 0 (error O(h²)). The data loss is
    /// taken in evaluation mode on the network's own statistics (as `NetworkHessian` takes it); the
    /// penalty ½·l2·Σw² adds l2·Σ_w d_w² exactly.
    public static func secondDifference<Scalar: BLASScalar>(network: Network<Scalar>, direction: [Double], step h: Double,
                                                            rows: EvaluationSet<Scalar>) throws(ModelError) -> Double {
        guard h > 0 && h.isFinite else { throw .invalidSpec(field: "step", message: "must be positive and finite, got \(h)") }
        let base = network.state()
        let values = try LandscapeEvaluator.evaluate(
            network: network, count: 3, sets: [rows], statisticsRows: nil,
            options: LandscapeEvaluationOptions(threads: 1, recomputesBatchNorm: false)
        ) { point in
            var state = base
            let s = Double(point - 1) * h
            for index in state.parameters.indices { state.parameters[index] += s * direction[index] }
            return state
        }
        let data = (values[0][0].loss - 2 * values[1][0].loss + values[2][0].loss) / (h * h)
        let penalized = network.layout.entries.filter(\.isPenalized).reduce(0.0) { sum, entry in
            sum + (entry.offset ..< entry.offset + entry.count).reduce(0.0) { $0 + direction[$1] * direction[$1] }
        }
        return data + network.regularization.l2 * penalized
    }
}
