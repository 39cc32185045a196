import Linalg

/// How a random direction is scaled to the weights it perturbs (Li et al. 2018, "Visualizing the
/// Loss Landscape of Neural Nets", §4).
public enum DirectionNormalization: String, Sendable, CaseIterable, Codable {
    /// Each Linear layer's block dᵢ is scaled to ‖θᵢ‖: dᵢ ← dᵢ·‖θᵢ‖/‖dᵢ‖ (the layer-wise variant).
    case layer
    /// Each filter — for a Linear layer one output unit, a row of its [out, in] weight — is scaled
    /// to that row's norm: dᵢⱼ ← dᵢⱼ·‖θᵢⱼ‖/‖dᵢⱼ‖ (Li et al.'s default for convolutions).
    case filter
}

/// Directions in a network's flat parameter space for drawing its loss landscape.
public enum NetworkDirections {
    /// A random direction with normal entries, normalized per Linear weight tensor to the weights'
    /// scale (`normalization`), so that a step of 1 moves each layer as far as its weights are
    /// long — which makes pictures of differently scaled networks comparable (Li et al. 2018).
    /// Biases and BatchNorm γ, β (every tensor that is not a Linear weight) get 0 unless
    /// `includeBias`, in which case their block is scaled to their own tensor's norm (Li et al.
    /// copy θ there instead; a scaled random block keeps the direction random).
    public static func random(layout: ParameterLayout, parameters: [Double], normalization: DirectionNormalization = .layer,
                              includeBias: Bool = false, random: inout RandomGenerator) -> [Double] {
        precondition(parameters.count == layout.count, "NetworkDirections.random: \(parameters.count) values for \(layout.count) parameters")
        var direction = (0..<layout.count).map { _ in random.normal() }
        normalize(&direction, layout: layout, parameters: parameters, normalization: normalization, includeBias: includeBias)
        return direction
    }

    /// Scales `direction` block by block as `random` does (Linear weights per layer or per row;
    /// other tensors to 0, or to their tensor's norm with `includeBias`). A block of zeros stays 0.
    public static func normalize(_ direction: inout [Double], layout: ParameterLayout, parameters: [Double],
                                 normalization: DirectionNormalization, includeBias: Bool) {
        for entry in layout.entries {
            let range = entry.offset ..< entry.offset + entry.count
            if entry.isPenalized {
                let rowLength = normalization == .filter && entry.shape.count == 2 ? entry.shape[1] : entry.count
                for start in stride(from: range.lowerBound, to: range.upperBound, by: rowLength) {
                    scale(&direction, parameters, start ..< start + rowLength)
                }
            } else if includeBias {
                scale(&direction, parameters, range)
            } else {
                for index in range { direction[index] = 0 }
            }
        }
    }

    /// d[range] ← d[range]·‖θ[range]‖/‖d[range]‖ (0 when d[range] = 0).
    static func scale(_ direction: inout [Double], _ parameters: [Double], _ range: Range<Int>) {
        let target = norm(parameters, range), current = norm(direction, range)
        let factor = current > 0 ? target / current : 0
        for index in range { direction[index] *= factor }
    }

    /// ‖x[range]‖₂.
    static func norm(_ x: [Double], _ range: Range<Int>) -> Double {
        x.withUnsafeBufferPointer { BLAS.nrm2(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The unit eigenvectors of the two largest Hessian eigenvalues at the operator's point, by
    /// Lanczos (partial reorthogonalization): the plane of sharpest curvature. Along them the
    /// loss's second difference at the origin is λ₁ and λ₂.
    public static func hessian(_ hessian: NetworkHessian, tolerance: Double = 1e-8, maxSteps: Int? = nil,
                               random: inout RandomGenerator) throws(CurvatureError) -> (first: Eigenpair, second: Eigenpair) {
        guard hessian.dimension >= 2 else {
            throw .invalidArgument(name: "dimension", message: "a plane needs at least 2 parameters, the network has \(hessian.dimension)")
        }
        let result = try Lanczos.extremeEigenpairs(dimension: hessian.dimension, count: 2, maxSteps: maxSteps, tolerance: tolerance,
                                                   ends: .largest, random: &random) { hessian.apply($0, into: $1) }
        return (result.largest[0], result.largest[1])
    }
}

/// A plane in parameter space: θ(a, b) = origin + a·first + b·second.
public struct NetworkPlane: Sendable, Equatable {
    /// θ(0, 0).
    public var origin: [Double]
    /// d₁, the direction of a.
    public var first: [Double]
    /// d₂, the direction of b.
    public var second: [Double]

    /// A plane from its origin and two directions of the same length.
    public init(origin: [Double], first: [Double], second: [Double]) {
        precondition(origin.count == first.count && origin.count == second.count, "NetworkPlane: vectors of different lengths")
        self.origin = origin
        self.first = first
        self.second = second
    }

    /// The plane through three parameter vectors: origin θ₀, d₁ = θ₁ − θ₀, d₂ = θ₂ − θ₀, so that the
    /// three lie at (0, 0), (1, 0) and (0, 1) (e.g. a trained model, a second one, the initial weights).
    public init(through theta0: [Double], _ theta1: [Double], _ theta2: [Double]) {
        self.init(origin: theta0, first: zip(theta1, theta0).map { $0 - $1 }, second: zip(theta2, theta0).map { $0 - $1 })
    }

    /// Whether d₁ and d₂ span no plane: one is 0, or |cos∠(d₁, d₂)| > 1 − 1e-9.
    public var isDegenerate: Bool {
        let n1 = first.norm, n2 = second.norm
        guard n1 > 0 && n2 > 0 else { return true }
        return abs(first.dot(second)) / (n1 * n2) > 1 - 1e-9
    }

    /// θ(a, b), written into `result`.
    public func point(a: Double, b: Double, into result: inout [Double]) {
        for index in origin.indices { result[index] = origin[index] + a * first[index] + b * second[index] }
    }
}
