import Linalg

/// The ε-sharpness of Keskar et al. 2017 ("On Large-Batch Training for Deep Learning: Generalization
/// Gap and Sharp Minima", §2.2.2, with A = I): the largest loss increase within the box
/// C_ε = {y : |yᵢ| ≤ ε·(|xᵢ| + 1)} around x,
///
///     increase = max_{y ∈ C_ε} f(x + y) − f(x),     φ(x, ε) = 100 · increase / (1 + f(x)),
///
/// the box scaled per coordinate so that large weights may move further.
public struct EpsilonSharpness: Sendable, Equatable {
    /// ε, the box's relative radius.
    public var epsilon: Double
    /// f(x).
    public var baseLoss: Double
    /// The largest f(x + y) found in the box.
    public var maximumLoss: Double
    /// maximumLoss − baseLoss (≥ 0: y = 0 is in the box).
    public var increase: Double
    /// Keskar's φ = 100·increase/(1 + f(x)), in percent.
    public var keskarPercent: Double
    /// Objective evaluations (each a loss and a gradient).
    public var evaluations: Int

    /// A result from its parts.
    public init(epsilon: Double, baseLoss: Double, maximumLoss: Double, increase: Double, keskarPercent: Double, evaluations: Int) {
        self.epsilon = epsilon
        self.baseLoss = baseLoss
        self.maximumLoss = maximumLoss
        self.increase = increase
        self.keskarPercent = keskarPercent
        self.evaluations = evaluations
    }

}

/// Computes ε-sharpness by projected gradient ascent in the box (Keskar et al. solve the same
/// maximization with L-BFGS-B; projected ascent is the l∞ attack of Madry et al. 2018).
public enum EpsilonSharpnessSearch {
    /// From a uniform random start in the box (at a minimum ∇f = 0, so y = 0 would never move),
    /// `steps` ascent steps y ← clip(y + stepFraction·r ⊙ sign(∇f(x + y)), −r, r) with r = ε·(|x| + 1)
    /// — the steepest-ascent step for the l∞ box, each coordinate moving a fixed share of its radius.
    /// Returns the largest value seen (f(x) itself included). The objective maps a point to
    /// (f, ∇f); it is called steps + 2 times.
    public static func measure(at x: [Double], epsilon: Double, steps: Int = 20, stepFraction: Double = 0.5,
                               random: inout RandomGenerator,
                               objective: ([Double]) -> (value: Double, gradient: [Double])) throws(CurvatureError) -> EpsilonSharpness {
        guard epsilon > 0 && epsilon.isFinite else { throw .invalidArgument(name: "epsilon", message: "must be positive and finite, got \(epsilon)") }
        guard steps >= 1 else { throw .invalidArgument(name: "steps", message: "must be at least 1, got \(steps)") }
        guard stepFraction > 0 && stepFraction <= 1 else {
            throw .invalidArgument(name: "stepFraction", message: "must be in (0, 1], got \(stepFraction)")
        }
        let base = objective(x).value
        let radius = x.map { epsilon * (abs($0) + 1) }
        var y = radius.map { (2 * random.uniform() - 1) * $0 }
        var point = x
        var best = base
        for _ in 0...steps {
            for index in x.indices { point[index] = x[index] + y[index] }
            let (value, gradient) = objective(point)
            if value.isFinite { best = max(best, value) }
            for index in y.indices {
                let g = gradient[index], r = radius[index]
                let step = g > 0 ? stepFraction * r : (g < 0 ? -stepFraction * r : 0)
                y[index] = min(r, max(-r, y[index] + step))
            }
        }
        let increase = best - base
        return EpsilonSharpness(epsilon: epsilon, baseLoss: base, maximumLoss: best, increase: increase,
                                keskarPercent: 100 * increase / (1 + base), evaluations: steps + 2)
    }
}
