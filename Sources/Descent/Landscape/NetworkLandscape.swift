import Foundation
import Linalg

/// The loss and accuracy of a network on one set of rows at one point of parameter space.
public struct LandscapeValue: Sendable, Equatable, Codable {
    /// The mean data loss (no weight penalty), as `descent evaluate` reports it.
    public var loss: Double
    /// The fraction of rows classified right (nil for regression).
    public var accuracy: Double?

    /// A value from its parts.
    public init(loss: Double, accuracy: Double?) {
        self.loss = loss
        self.accuracy = accuracy
    }
}

/// How the points of a landscape are evaluated.
public struct LandscapeEvaluationOptions: Sendable, Equatable {
    /// Worker threads, each with its own replica of the network (≥ 1). Every point is computed by
    /// the same code on its own replica with OpenBLAS at one thread, so the values do not depend on
    /// this number.
    public var threads: Int
    /// Whether BatchNorm running statistics are recomputed at each point on the rows given for it
    /// (`Network.recomputeBatchNormStatistics`); otherwise each point keeps the statistics it was given.
    public var recomputesBatchNorm: Bool

    /// Options; defaults: one thread, statistics recomputed.
    public init(threads: Int = 1, recomputesBatchNorm: Bool = true) {
        self.threads = threads
        self.recomputesBatchNorm = recomputesBatchNorm
    }
}

/// Evaluates a network at many points of its parameter space in parallel — the engine under the
/// 2-D landscape (`NetworkLandscape.grid`) and the 1-D interpolation (`NetworkInterpolation`).
public enum LandscapeEvaluator {
    /// For each point p in 0..<count: sets a replica of `network` to `state(p)`, recomputes its
    /// BatchNorm statistics on `statisticsRows` when asked (and the network has BatchNorm), then
    /// scores it on every set in `sets` in evaluation mode. Returns values[p][s]. `progress` is
    /// called after every point with (points done, count), from worker threads. `network` itself is
    /// not changed. OpenBLAS runs at one thread while the workers run; its count is restored after.
    public static func evaluate<Scalar: BLASScalar>(
        network: Network<Scalar>, count: Int, sets: [EvaluationSet<Scalar>], statisticsRows: EvaluationSet<Scalar>?,
        options: LandscapeEvaluationOptions, progress: (@Sendable (Int, Int) -> Void)? = nil,
        state: @escaping @Sendable (Int) -> NetworkState
    ) throws(ModelError) -> [[LandscapeValue]] {
        guard options.threads >= 1 else { throw .invalidSpec(field: "threads", message: "must be at least 1, got \(options.threads)") }
        let workers = max(1, min(options.threads, count))
        let replicas = Shared(try (0..<workers).map { _ throws(ModelError) in try network.replica() })
        let shared = Shared((sets, statisticsRows))
        let recompute = options.recomputesBatchNorm && !network.batchNormLayers.isEmpty && statisticsRows != nil
        let results = PointResults(count: count)
        let blasThreads = OpenBLASRuntime.threadCount
        OpenBLASRuntime.setThreadCount(1)
        defer { OpenBLASRuntime.setThreadCount(blasThreads) }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let replica = replicas.value[worker]
            let (sets, statistics) = shared.value
            for point in stride(from: worker, to: count, by: workers) {
                replica.setState(state(point))
                if recompute, let statistics { replica.recomputeBatchNormStatistics(on: statistics) }
                let values = sets.map { set in
                    let metrics = Evaluator.evaluate(replica, on: set)
                    return LandscapeValue(loss: metrics.loss, accuracy: metrics.accuracy)
                }
                let done = results.store(values, at: point)
                progress?(done, count)
            }
        }
        return results.values
    }
}

/// A value handed to worker threads that only read it (or, for replicas, each touches its own).
final class Shared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Per-point results written once each from worker threads.
final class PointResults: @unchecked Sendable {
    private var slots: [[LandscapeValue]]
    private var done = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    /// Stores point `index`'s values and returns how many points are done.
    func store(_ values: [LandscapeValue], at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = values
        done += 1
        return done
    }

    var values: [[LandscapeValue]] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
