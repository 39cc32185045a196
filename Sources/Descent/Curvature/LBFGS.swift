import Linalg

/// An objective on flat vectors: x ↦ (f(x), ∇f(x)).
public typealias ObjectiveFunction = ([Double]) -> (value: Double, gradient: [Double])

/// Why an L-BFGS `step` returned.
public enum LBFGSStop: String, Sendable, Equatable {
    /// max|∇f| ≤ `toleranceGrad` (also at the start: then no iteration ran).
    case gradientTolerance
    /// The directional derivative gᵀd > −`toleranceChange`: no descent left along d.
    case noDescent
    /// max|t·d| ≤ `toleranceChange`.
    case stepTolerance
    /// |f − f_prev| < `toleranceChange`.
    case valueTolerance
    /// `maxIterations` reached.
    case maxIterations
    /// `maxEvaluations` reached.
    case maxEvaluations
}

/// What one `LBFGS.step` did.
public struct LBFGSStepResult: Sendable, Equatable {
    /// f at the start of the step (what PyTorch's `step` returns).
    public var initialValue: Double
    /// f at the returned parameters.
    public var finalValue: Double
    /// Iterations taken in this step.
    public var iterations: Int
    /// Objective evaluations in this step.
    public var evaluations: Int
    /// Why it stopped.
    public var stop: LBFGSStop
}

/// Limited-memory BFGS with PyTorch's `torch.optim.LBFGS` semantics (its port of minFunc), on a
/// closure (x) → (f, ∇f) over flat vectors, so it runs a network full-batch (`NetworkHessian.objective()`)
/// or a 2-D test function alike.
///
/// Per iteration k: d = −H̃ₖ·g by the two-loop recursion over the last `historySize` pairs
/// (sᵢ = tᵢdᵢ, yᵢ = gᵢ₊₁ − gᵢ, ρᵢ = 1/yᵢᵀsᵢ, a pair stored only when yᵀs > 1e-10) with initial
/// scaling H̃₀ = (yᵀs/yᵀy)·I from the newest pair; the first direction is −g with trial step
/// t = min(1, 1/‖g‖₁)·lr, later ones t = lr. The step length comes from the strong-Wolfe line search
/// (c₁ = 1e-4, c₂ = 0.9, at most 25 evaluations, cubic interpolation; PyTorch's `_strong_wolfe`) or,
/// with `lineSearch == false`, is fixed at t. Stopping rules and their order follow PyTorch.
///
/// Differences from PyTorch's defaults: `historySize` is 10 (PyTorch: 100) and the strong-Wolfe line
/// search is on (PyTorch: off) — as the issue asks. State persists across `step` calls exactly as
/// in PyTorch (d, t, history, H̃₀ scale, previous gradient and value).
public struct LBFGS: Sendable {
    /// Learning rate lr: the trial step length (default 1).
    public var learningRate: Double
    /// Iterations per `step` (PyTorch `max_iter`, default 20).
    public var maxIterations: Int
    /// Objective evaluations per `step` (PyTorch `max_eval`, default maxIterations·5/4).
    public var maxEvaluations: Int
    /// First-order optimality tolerance on max|∇f| (default 1e-7).
    public var toleranceGrad: Double
    /// Tolerance on changes of value and parameters (default 1e-9).
    public var toleranceChange: Double
    /// How many (s, y) pairs are kept (default 10).
    public var historySize: Int
    /// Whether the strong-Wolfe line search is used (default true).
    public var lineSearch: Bool

    /// Total iterations over all steps (PyTorch's state `n_iter`).
    public private(set) var totalIterations = 0
    /// Total objective evaluations over all steps (`func_evals`).
    public private(set) var totalEvaluations = 0
    var direction: [Double] = []
    var stepLength = 0.0
    var steps: [[Double]] = []
    var differences: [[Double]] = []
    var rho: [Double] = []
    var hessianScale = 1.0
    var previousGradient: [Double] = []
    var previousValue = 0.0

    /// An optimizer with PyTorch's argument meanings.
    public init(learningRate: Double = 1, maxIterations: Int = 20, maxEvaluations: Int? = nil, toleranceGrad: Double = 1e-7,
                toleranceChange: Double = 1e-9, historySize: Int = 10, lineSearch: Bool = true) {
        self.learningRate = learningRate
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations ?? maxIterations * 5 / 4
        self.toleranceGrad = toleranceGrad
        self.toleranceChange = toleranceChange
        self.historySize = historySize
        self.lineSearch = lineSearch
    }

    /// One PyTorch `step(closure)`: up to `maxIterations` iterations from `x`, updating `x` in place.
    public mutating func step(_ x: inout [Double], objective: ObjectiveFunction) throws(CurvatureError) -> LBFGSStepResult {
        guard !x.isEmpty else { throw .invalidArgument(name: "x", message: "is empty") }
        guard maxIterations >= 1, maxEvaluations >= 1, historySize >= 1, learningRate > 0 else {
            throw .invalidArgument(name: "LBFGS", message: "maxIterations, maxEvaluations, historySize and learningRate must be positive")
        }
        var (loss, gradient) = objective(x)
        guard gradient.count == x.count else {
            throw .invalidArgument(name: "objective", message: "returned \(gradient.count) gradient entries for \(x.count) parameters")
        }
        let initialValue = loss
        var evaluations = 1
        totalEvaluations += 1
        if maxAbs(gradient) <= toleranceGrad {
            return LBFGSStepResult(initialValue: loss, finalValue: loss, iterations: 0, evaluations: 1, stop: .gradientTolerance)
        }
        var iterations = 0
        var stop = LBFGSStop.maxIterations
        while iterations < maxIterations {
            iterations += 1
            totalIterations += 1
            updateDirection(gradient)
            previousGradient = gradient
            previousValue = loss
            stepLength = totalIterations == 1 ? min(1, 1 / gradient.reduce(0) { $0 + abs($1) }) * learningRate : learningRate
            let gtd = dot(gradient, direction)
            if gtd > -toleranceChange {
                stop = .noDescent
                break
            }
            var searchEvaluations = 0
            var optimal = false
            if lineSearch {
                let search = strongWolfe(objective: objective, x: x, t: stepLength, d: direction, f: loss, g: gradient, gtd: gtd)
                loss = search.value
                gradient = search.gradient
                stepLength = search.t
                searchEvaluations = search.evaluations
                for index in x.indices { x[index] += stepLength * direction[index] }
                optimal = maxAbs(gradient) <= toleranceGrad
            } else {
                for index in x.indices { x[index] += stepLength * direction[index] }
                if iterations != maxIterations {
                    (loss, gradient) = objective(x)
                    optimal = maxAbs(gradient) <= toleranceGrad
                    searchEvaluations = 1
                }
            }
            evaluations += searchEvaluations
            totalEvaluations += searchEvaluations
            if iterations == maxIterations { stop = .maxIterations; break }
            if evaluations >= maxEvaluations { stop = .maxEvaluations; break }
            if optimal { stop = .gradientTolerance; break }
            if maxAbs(direction) * abs(stepLength) <= toleranceChange { stop = .stepTolerance; break }
            if abs(loss - previousValue) < toleranceChange { stop = .valueTolerance; break }
        }
        return LBFGSStepResult(initialValue: initialValue, finalValue: loss, iterations: iterations, evaluations: evaluations, stop: stop)
    }

    /// The search direction at the new gradient: −g on the first iteration ever (the history is
    /// cleared); otherwise the pair s = t·d, y = g − g_prev joins the history when yᵀs > 1e-10
    /// (the oldest pair leaves when it is full, H̃₀ = yᵀs / yᵀy) and d = −H̃·g.
    mutating func updateDirection(_ gradient: [Double]) {
        if totalIterations == 1 {
            direction = gradient.map { -$0 }
            steps = []
            differences = []
            rho = []
            hessianScale = 1
            return
        }
        let y = zip(gradient, previousGradient).map { $0 - $1 }
        let s = direction.map { $0 * stepLength }
        let ys = dot(y, s)
        if ys > 1e-10 {
            if steps.count == historySize {
                steps.removeFirst()
                differences.removeFirst()
                rho.removeFirst()
            }
            differences.append(y)
            steps.append(s)
            rho.append(1 / ys)
            hessianScale = ys / dot(y, y)
        }
        direction = twoLoop(gradient)
    }

    /// d = −H̃·g by the two-loop recursion (Nocedal & Wright, Algorithm 7.4).
    func twoLoop(_ gradient: [Double]) -> [Double] {
        var q = gradient.map { -$0 }
        var al = [Double](repeating: 0, count: steps.count)
        for i in stride(from: steps.count - 1, through: 0, by: -1) {
            al[i] = dot(steps[i], q) * rho[i]
            axpy(-al[i], differences[i], &q)
        }
        var r = q.map { $0 * hessianScale }
        for i in 0..<steps.count {
            let be = dot(differences[i], r) * rho[i]
            axpy(al[i] - be, steps[i], &r)
        }
        return r
    }

    /// PyTorch's `_strong_wolfe` (a port of torch7's lswolfe.lua): bracketing, then zoom by cubic
    /// interpolation, on φ(t) = f(x + t·d).
    /// reason: kept in one piece, statement for statement with PyTorch's `_strong_wolfe`, so that the
    /// two can be read side by side and the results stay bit-identical to the reference; the bracket
    /// state shared by both phases would otherwise have to travel through every piece.
    func strongWolfe(objective: ObjectiveFunction, x: [Double], t initialT: Double, d: [Double], f: Double, g: [Double], gtd: Double,
                     c1: Double = 1e-4, c2: Double = 0.9, maxSearch: Int = 25)
        -> (value: Double, gradient: [Double], t: Double, evaluations: Int) {
        let dNorm = maxAbs(d)
        func evaluate(_ t: Double) -> (Double, [Double]) {
            objective(zip(x, d).map { $0 + t * $1 })
        }
        var t = initialT
        var (fNew, gNew) = evaluate(t)
        var evaluations = 1
        var gtdNew = dot(gNew, d)
        var tPrev = 0.0, fPrev = f, gPrev = g, gtdPrev = gtd
        var done = false
        var searches = 0
        var bracket: [Double] = [], bracketF: [Double] = [], bracketG: [[Double]] = [], bracketGtd: [Double] = []
        while searches < maxSearch {
            if fNew > f + c1 * t * gtd || (searches > 1 && fNew >= fPrev) {
                bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew]; bracketGtd = [gtdPrev, gtdNew]
                break
            }
            if abs(gtdNew) <= -c2 * gtd {
                bracket = [t]; bracketF = [fNew]; bracketG = [gNew]
                done = true
                break
            }
            if gtdNew >= 0 {
                bracket = [tPrev, t]; bracketF = [fPrev, fNew]; bracketG = [gPrev, gNew]; bracketGtd = [gtdPrev, gtdNew]
                break
            }
            let minStep = t + 0.01 * (t - tPrev), maxStep = t * 10
            let previous = t
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, bounds: (minStep, maxStep))
            tPrev = previous; fPrev = fNew; gPrev = gNew; gtdPrev = gtdNew
            (fNew, gNew) = evaluate(t)
            evaluations += 1
            gtdNew = dot(gNew, d)
            searches += 1
        }
        if searches == maxSearch {
            bracket = [0, t]; bracketF = [f, fNew]; bracketG = [g, gNew]
            if bracketGtd.count < 2 { bracketGtd = [gtd, gtdNew] }
        }
        var insufficientProgress = false
        var (low, high) = bracketF[0] <= bracketF[bracketF.count - 1] ? (0, 1) : (1, 0)
        while !done && searches < maxSearch {
            if abs(bracket[1] - bracket[0]) * dNorm < toleranceChange { break }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], bounds: nil)
            let top = max(bracket[0], bracket[1]), bottom = min(bracket[0], bracket[1])
            let eps = 0.1 * (top - bottom)
            if min(top - t, t - bottom) < eps {
                if insufficientProgress || t >= top || t <= bottom {
                    t = abs(t - top) < abs(t - bottom) ? top - eps : bottom + eps
                    insufficientProgress = false
                } else {
                    insufficientProgress = true
                }
            } else {
                insufficientProgress = false
            }
            (fNew, gNew) = evaluate(t)
            evaluations += 1
            gtdNew = dot(gNew, d)
            searches += 1
            if fNew > f + c1 * t * gtd || fNew >= bracketF[low] {
                bracket[high] = t; bracketF[high] = fNew; bracketG[high] = gNew; bracketGtd[high] = gtdNew
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0)
            } else {
                if abs(gtdNew) <= -c2 * gtd {
                    done = true
                } else if gtdNew * (bracket[high] - bracket[low]) >= 0 {
                    bracket[high] = bracket[low]; bracketF[high] = bracketF[low]
                    bracketG[high] = bracketG[low]; bracketGtd[high] = bracketGtd[low]
                }
                bracket[low] = t; bracketF[low] = fNew; bracketG[low] = gNew; bracketGtd[low] = gtdNew
            }
        }
        // A single-point bracket has only index 0.
        let chosen = min(low, bracket.count - 1)
        return (bracketF[chosen], bracketG[chosen], bracket[chosen], evaluations)
    }
}

/// The minimizer of the cubic through (x₁, f₁, g₁), (x₂, f₂, g₂), clamped to `bounds` (default:
/// the interval between the points); their midpoint when the cubic has no real minimizer.
/// PyTorch's `_cubic_interpolate` (torch7's polyinterp.lua).
func cubicInterpolate(_ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double, _ f2: Double, _ g2: Double,
                      bounds: (Double, Double)?) -> Double {
    let (lower, upper) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
    let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    let d2Square = d1 * d1 - g1 * g2
    guard d2Square >= 0 else { return (lower + upper) / 2 }
    let d2 = d2Square.squareRoot()
    let minimum = x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(minimum, lower), upper)
}

func dot(_ x: [Double], _ y: [Double]) -> Double {
    x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in BLAS.dot(a, b) } }
}

func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    x.withUnsafeBufferPointer { a in y.withUnsafeMutableBufferPointer { b in BLAS.axpy(alpha, a, b) } }
}

func maxAbs(_ x: [Double]) -> Double {
    x.reduce(0) { max($0, abs($1)) }
}
