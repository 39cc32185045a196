import Linalg

/// The curvature measured at the end of one epoch.
public struct CurvatureMeasurement: Sendable, Equatable {
    /// The epoch it was measured after.
    public var epoch: Int
    /// λmax, the largest Ritz value: the sharpness.
    public var lambdaMax: Double
    /// λmin, the smallest Ritz value of the same Krylov space (when asked for; with few steps and a
    /// warm start aimed at λmax it is an upper bound on the true λmin).
    public var lambdaMin: Double?
    /// Hutchinson's trace estimate (when asked for).
    public var trace: Double?
    /// Lanczos steps taken.
    public var steps: Int
    /// The gradient's share in the top-k eigenspace and the saddle index (when k was given).
    public var subspace: GradientSubspaceReport? = nil
}

/// Tracks the sharpness λmax of the training objective while a network trains — the
/// edge-of-stability picture of Cohen et al., "Gradient Descent on Neural Networks Typically
/// Occurs at the Edge of Stability" (ICLR 2021): for gradient descent with step η, the iteration is
/// stable along an eigendirection only while λ < 2/η ((2 + 2μ)/η with heavy-ball momentum μ).
///
/// Every `every` epochs the network's parameters (and batch-norm running statistics) are copied into
/// a Double network, and `lanczosSteps` Lanczos steps on exact Hessian-vector products over a fixed
/// subset of training rows (chosen once from `seed`) give λmax — warm-started from the previous top
/// eigenvector, so a few steps suffice once the direction settles. The objective is the one
/// `descent hessian` analyses: mean data loss + L2, evaluation mode.
///
/// Nothing here touches the training network, its optimizer or its generators: tracking never
/// changes the trajectory. The warm start is the tracker's only state; `warmStart` is saved with the
/// resume state and restored, and the Lanczos fallback generator is reseeded from (seed, epoch), so a
/// resumed run records the same numbers as an uninterrupted one.
public final class CurvatureTracker {
    /// Measure after epochs that are multiples of this.
    public let every: Int
    /// The rows of the objective (Double).
    public let rows: EvaluationSet<Double>
    /// Lanczos steps per measurement.
    public let lanczosSteps: Int
    /// Whether λmin is reported.
    public let tracksMinimum: Bool
    /// Hutchinson samples for the trace; 0 for none.
    public let traceSamples: Int
    /// k of the gradient-subspace measurement (`GradientSubspace`); 0 for none.
    public let subspaceK: Int
    /// The seed of the row subset and of the Lanczos and Hutchinson generators.
    public let seed: UInt64
    /// The previous top eigenvector (nil before the first measurement).
    public var warmStart: [Double]?

    /// A tracker over at most `samples` rows of `trainingRows` (a seeded subset, in order).
    public init(dataset: Dataset, trainingRows: [Int], every: Int, samples: Int = 512, lanczosSteps: Int = 20,
                tracksMinimum: Bool = false, traceSamples: Int = 0, subspaceK: Int = 0, seed: UInt64 = 0) throws(CurvatureError) {
        guard every >= 1 else { throw .invalidArgument(name: "every", message: "must be at least 1, got \(every)") }
        guard samples >= 1 else { throw .invalidArgument(name: "samples", message: "must be at least 1, got \(samples)") }
        guard lanczosSteps >= 2 else { throw .invalidArgument(name: "lanczosSteps", message: "must be at least 2, got \(lanczosSteps)") }
        guard !trainingRows.isEmpty else { throw .invalidArgument(name: "trainingRows", message: "no training rows") }
        guard subspaceK >= 0 else { throw .invalidArgument(name: "subspaceK", message: "must be at least 0, got \(subspaceK)") }
        self.every = every
        self.subspaceK = subspaceK
        self.lanczosSteps = lanczosSteps
        self.tracksMinimum = tracksMinimum
        self.traceSamples = traceSamples
        self.seed = seed
        var random = RandomGenerator(seed: seed)
        let chosen = samples >= trainingRows.count
            ? trainingRows
            : random.permutation(trainingRows.count).prefix(samples).sorted().map { trainingRows[$0] }
        rows = EvaluationSet(dataset: dataset, rows: chosen)
    }

    /// Whether the epoch just completed is one to measure after.
    public func isDue(epoch: Int) -> Bool { epoch % every == 0 }

    /// Measures the curvature of `network`'s objective at its current parameters after `epoch`.
    public func measure<Scalar: BLASScalar>(_ network: Network<Scalar>, epoch: Int) throws -> CurvatureMeasurement {
        let copy = try network.converted(to: Double.self, maxBatchSize: min(512, rows.rowCount))
        let hessian = try NetworkHessian(network: copy, rows: rows, mode: .evaluation)
        let n = hessian.dimension
        var random = RandomGenerator(seed: seed ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(epoch)))
        let start = warmStart?.count == n ? warmStart : nil
        let result = try Lanczos.extremeEigenpairs(dimension: n, count: 1, maxSteps: min(n, lanczosSteps), tolerance: 1e-6, start: start,
                                                   measureResiduals: false, random: &random) { v, hv in hessian.apply(v, into: hv) }
        let top = result.largest[0]
        if top.value.isFinite && top.vector.allSatisfy(\.isFinite) { warmStart = top.vector }
        var measurement = CurvatureMeasurement(epoch: epoch, lambdaMax: top.value,
                                               lambdaMin: tracksMinimum ? result.smallest[0].value : nil, trace: nil, steps: result.steps)
        if traceSamples > 0 {
            measurement.trace = try HutchinsonTrace.estimate(dimension: n, samples: traceSamples, random: &random) { v, hv in
                hessian.apply(v, into: hv)
            }.estimate
        }
        if subspaceK > 0 {
            measurement.subspace = try GradientSubspace.measure(hessian, k: min(subspaceK, n), random: &random)
        }
        return measurement
    }

    /// The tensor name of the warm start in a resume file.
    public static let warmStartTensorName = "curvature.warm_start"

    /// The warm start as a tensor for the resume file (nil before the first measurement).
    public var warmStartTensor: StoredTensor? {
        warmStart.map { StoredTensor(name: Self.warmStartTensorName, dtype: .float64, shape: [$0.count], values: $0) }
    }

    /// Restores the warm start saved in `file`, if any.
    public func restore(from file: SafeTensorsFile) {
        warmStart = file.tensor(named: Self.warmStartTensorName)?.values
    }
}

extension Trainer {
    /// Writes `measurement` into the history record of its epoch (λmax, λmin, trace).
    public func record(_ measurement: CurvatureMeasurement) {
        guard let index = history.records.lastIndex(where: { $0.epoch == measurement.epoch }) else { return }
        history.records[index].lambdaMax = measurement.lambdaMax
        history.records[index].lambdaMin = measurement.lambdaMin
        history.records[index].hessianTrace = measurement.trace
        history.records[index].subspaceFraction = measurement.subspace?.fraction
        history.records[index].saddleIndex = measurement.subspace?.saddleIndex
    }
}

extension Trainer {
    /// The tensor name of the λmin and trace columns in a resume file (the 12-column `history`
    /// tensor keeps its layout).
    public static var curvatureColumnsTensorName: String { "curvature.history" }

    /// λmin and trace per history record, [records, 2] with NaN for absent; nil when no record has either.
    public var curvatureColumnsTensor: StoredTensor? {
        guard history.records.contains(where: { $0.lambdaMin != nil || $0.hessianTrace != nil }) else { return nil }
        let values = history.records.flatMap { [$0.lambdaMin ?? .nan, $0.hessianTrace ?? .nan] }
        return StoredTensor(name: Self.curvatureColumnsTensorName, dtype: .float64, shape: [history.records.count, 2], values: values)
    }

    /// The tensor name of the subspace-fraction and saddle-index columns in a resume file.
    public static var subspaceColumnsTensorName: String { "curvature.subspace" }

    /// Subspace fraction and saddle index per history record, [records, 2] with NaN for absent; nil when none was measured.
    public var subspaceColumnsTensor: StoredTensor? {
        guard history.records.contains(where: { $0.subspaceFraction != nil || $0.saddleIndex != nil }) else { return nil }
        let values = history.records.flatMap { [$0.subspaceFraction ?? .nan, $0.saddleIndex.map(Double.init) ?? .nan] }
        return StoredTensor(name: Self.subspaceColumnsTensorName, dtype: .float64, shape: [history.records.count, 2], values: values)
    }

    /// Puts back the columns saved by `subspaceColumnsTensor` (after `restore(from:path:)`).
    public func restoreSubspaceColumns(from file: SafeTensorsFile) {
        guard let tensor = file.tensor(named: Self.subspaceColumnsTensorName), tensor.shape.count == 2, tensor.shape[1] == 2 else { return }
        for index in 0..<min(tensor.shape[0], history.records.count) {
            let fraction = tensor.values[2 * index], saddle = tensor.values[2 * index + 1]
            history.records[index].subspaceFraction = fraction.isNaN ? nil : fraction
            history.records[index].saddleIndex = saddle.isNaN ? nil : Int(saddle)
        }
    }

    /// Puts back the λmin and trace columns saved by `curvatureColumnsTensor` (after `restore(from:path:)`).
    public func restoreCurvatureColumns(from file: SafeTensorsFile) {
        guard let tensor = file.tensor(named: Self.curvatureColumnsTensorName), tensor.shape.count == 2, tensor.shape[1] == 2 else { return }
        for index in 0..<min(tensor.shape[0], history.records.count) {
            let minimum = tensor.values[2 * index], trace = tensor.values[2 * index + 1]
            history.records[index].lambdaMin = minimum.isNaN ? nil : minimum
            history.records[index].hessianTrace = trace.isNaN ? nil : trace
        }
    }
}
