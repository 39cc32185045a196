import Linalg

/// A network's whole state in Double: the flat trainable vector θ and, per BatchNorm layer in
/// order, its running mean and variance — what a point of a loss landscape sets.
public struct NetworkState: Sendable, Equatable {
    /// The flat trainable vector, in the layout's order.
    public var parameters: [Double]
    /// Running means, one array per BatchNorm layer (empty without BatchNorm).
    public var runningMeans: [[Double]]
    /// Running (unbiased) variances, one array per BatchNorm layer.
    public var runningVariances: [[Double]]

    /// A state from its parts.
    public init(parameters: [Double], runningMeans: [[Double]] = [], runningVariances: [[Double]] = []) {
        self.parameters = parameters
        self.runningMeans = runningMeans
        self.runningVariances = runningVariances
    }

    /// (1 − t)·A + t·B for θ and for the running statistics alike (the straight line of
    /// Goodfellow et al. 2015). A and B must come from the same architecture.
    public static func interpolate(_ a: NetworkState, _ b: NetworkState, t: Double) -> NetworkState {
        precondition(a.parameters.count == b.parameters.count && a.runningMeans.count == b.runningMeans.count,
                     "NetworkState.interpolate: states of different architectures")
        func mix(_ x: [Double], _ y: [Double]) -> [Double] { zip(x, y).map { (1 - t) * $0 + t * $1 } }
        return NetworkState(parameters: mix(a.parameters, b.parameters),
                            runningMeans: zip(a.runningMeans, b.runningMeans).map(mix),
                            runningVariances: zip(a.runningVariances, b.runningVariances).map(mix))
    }
}

extension Network {
    /// The BatchNorm layers, in order.
    var batchNormLayers: [BatchNorm<Scalar>] {
        layers.compactMap { if case let .batchNorm(norm) = $0 { norm } else { nil } }
    }

    /// θ and the running statistics, as Double.
    public func state() -> NetworkState {
        let norms = batchNormLayers
        return NetworkState(parameters: parameters.array.map(Double.init),
                            runningMeans: norms.map { $0.runningMean.array.map(Double.init) },
                            runningVariances: norms.map { $0.runningVariance.array.map(Double.init) })
    }

    /// Sets θ and the running statistics (rounded to `Scalar`); the shapes must match this network.
    public func setState(_ state: NetworkState) {
        let norms = batchNormLayers
        precondition(state.parameters.count == layout.count && state.runningMeans.count == norms.count
                     && state.runningVariances.count == norms.count, "Network.setState: a state of another architecture")
        setParameters(state.parameters)
        for (index, norm) in norms.enumerated() {
            for j in 0..<norm.featureCount {
                norm.runningMean[j] = Scalar(state.runningMeans[index][j])
                norm.runningVariance[j] = Scalar(state.runningVariances[index][j])
            }
        }
    }

    /// Sets θ from Double values (rounded to `Scalar`).
    public func setParameters(_ values: [Double]) {
        precondition(values.count == layout.count, "Network.setParameters: \(values.count) values for \(layout.count) parameters")
        let theta = parameters.baseAddress
        for index in 0..<values.count { theta[index] = Scalar(values[index]) }
    }

    /// An independent network of the same architecture, penalties, parameters and running
    /// statistics, with its own workspaces for `maxBatchSize` rows (one per worker thread): a
    /// `converted(to:)` into its own scalar type, which copies every value exactly.
    public func replica(maxBatchSize: Int? = nil) throws(ModelError) -> Network<Scalar> {
        try converted(to: Scalar.self, maxBatchSize: maxBatchSize)
    }
}
