/// One iterate of a run: step 0 is the start, step k the point after k updates.
public struct LandscapePoint: Sendable, Equatable {
    /// The number of updates taken to reach this point.
    public var step: Int
    /// The point (x, y).
    public var point: SIMD2<Double>
    /// f there.
    public var value: Double
    /// ‖∇f‖ there (the noise-free gradient).
    public var gradientNorm: Double

    /// Creates an iterate.
    public init(step: Int, point: SIMD2<Double>, value: Double, gradientNorm: Double) {
        self.step = step
        self.point = point
        self.value = value
        self.gradientNorm = gradientNorm
    }
}

/// Why a run stopped.
public enum LandscapeStop: Sendable, Equatable {
    /// ‖∇f‖ fell below the tolerance.
    case tolerance
    /// The step limit was reached first.
    case stepLimit
    /// The iterate left the escape radius or became non-finite; `reason` says which.
    case diverged(reason: String)
    /// A second-order method could not move: L-BFGS found no descent direction, or H + δI was
    /// singular for Newton; `reason` says which.
    case stalled(reason: String)

    /// "tolerance", "steps", "diverged" or "stalled", as reports spell it.
    public var label: String {
        switch self {
        case .tolerance: return "tolerance"
        case .stepLimit: return "steps"
        case .diverged: return "diverged"
        case .stalled: return "stalled"
        }
    }
}

/// The record of one optimizer on one test function: every iterate, why it stopped, and the
/// curvature where it ended.
public struct LandscapeRun: Sendable {
    /// The optimizer or second-order method and its settings.
    public var method: TrainingMethod
    /// The iterates, start first; never empty.
    public var points: [LandscapePoint]
    /// Why the run stopped.
    public var stop: LandscapeStop
    /// Evaluations of f and ∇f (and H for Newton) the updates used: one per first-order or Newton
    /// step, those of the line search for L-BFGS. The recording of each iterate is not counted.
    public var evaluations: Int
    /// The Hessian's spectrum at the last point; nil when it is not finite there.
    public var endCurvature: CurvatureReport?
    /// The known minimum nearest the last point and the distance to it; nil when the function has
    /// no known minimum or the point is not finite.
    public var nearestMinimum: (minimum: CriticalPoint, distance: Double)?

    /// The optimizer's CLI name.
    public var name: String { method.name }
    /// The learning rate used.
    public var learningRate: Double { method.learningRate }
    /// The last iterate.
    public var final: LandscapePoint { points[points.count - 1] }
    /// Updates taken.
    public var stepsTaken: Int { final.step }
    /// The number of updates after which ‖∇f‖ < tolerance, or nil if it never got there.
    public var stepsToTolerance: Int? { stop == .tolerance ? stepsTaken : nil }
    /// Whether the run diverged.
    public var diverged: Bool { if case .diverged = stop { true } else { false } }
}
