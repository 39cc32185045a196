/// How a Lanczos process keeps its basis orthogonal.
public enum LanczosReorthogonalization: String, Sendable, CaseIterable, Codable {
    /// Against every earlier basis vector at every step (one `dgemv` pass over the basis per step).
    case full
    /// Simon's partial reorthogonalization: only at the steps where the estimated loss of
    /// orthogonality passes √ε, and at the step after (`LanczosOrthogonality`). The basis stays
    /// semi-orthogonal (|qᵢᵀqⱼ| ≤ √ε), which keeps T's eigenvalues those of the projection to
    /// working precision (Simon 1984), at a fraction of the passes over the basis.
    case partial
}

/// Simon's ω-recurrence (H. D. Simon, "The Lanczos algorithm with partial reorthogonalization",
/// Math. Comp. 42, 1984): estimates ωⱼₖ ≈ qⱼᵀqₖ of the Lanczos basis from T alone, in O(j) per step.
///
/// From βⱼqⱼ₊₁ = Hqⱼ − αⱼqⱼ − βⱼ₋₁qⱼ₋₁ + fⱼ (fⱼ the rounding of step j), for k < j:
///
///     βⱼ·ωⱼ₊₁,ₖ = βₖ·ωⱼ,ₖ₊₁ + (αₖ − αⱼ)·ωⱼₖ + βₖ₋₁·ωⱼ,ₖ₋₁ − βⱼ₋₁·ωⱼ₋₁,ₖ + (qₖᵀfⱼ − qⱼᵀfₖ),
///
/// with ωₖₖ = 1. The rounding term is bounded by ε₁·‖T‖ (ε₁ = ε·√n) and added with the sign of
/// the rest, so the estimate grows at least as fast as the true loss; ωⱼ₊₁,ⱼ (the three-term
/// step's own orthogonality) is ε₁·‖T‖/βⱼ. When some |ωⱼ₊₁,ₖ| exceeds √ε the new vector is
/// reorthogonalized against the whole basis, and so is the next one (qⱼ₊₂ inherits qⱼ₊₁'s and
/// qⱼ's loss); the estimates of both are then reset to ε₁.
struct LanczosOrthogonality {
    /// ε·√n: the rounding level of one inner product of length n.
    let roundoff: Double
    /// √ε: the semi-orthogonality threshold.
    let threshold = Double.ulpOfOne.squareRoot()
    /// ωⱼ₋₁,· , ωⱼ,· and the row being computed, ωⱼ₊₁,· (capacity + 1 entries each).
    private var previous: [Double]
    private var current: [Double]
    private var next: [Double]
    /// Whether the next step must reorthogonalize (the second of Simon's pair).
    private(set) var pending = false

    init(dimension n: Int, capacity: Int) {
        roundoff = Double.ulpOfOne * Double(n).squareRoot()
        previous = [Double](repeating: 0, count: capacity + 1)
        current = previous
        next = previous
        current[0] = 1
    }

    /// Estimates ωⱼ₊₁,ₖ (k ≤ j) after step j from α₀…αⱼ, β₀…βⱼ₋₁ (`beta`), βⱼ = `norm` (the
    /// new residual's norm) and ‖T‖ ≈ `scale`; returns whether qⱼ₊₁ must be reorthogonalized now:
    /// its largest estimate is above √ε, the previous step asked for a second pass, or βⱼ = 0.
    mutating func advance(step j: Int, alpha: [Double], beta: [Double], norm betaJ: Double, scale: Double) -> Bool {
        guard betaJ > 0 else {
            rotate()
            fill(step: j)
            return true
        }
        let noise = roundoff * scale, betaBefore = j > 0 ? beta[j - 1] : 0
        var largest = noise / betaJ
        for k in 0..<j {
            var sum = beta[k] * current[k + 1] + (alpha[k] - alpha[j]) * current[k] - betaBefore * previous[k]
            if k > 0 { sum += beta[k - 1] * current[k - 1] }
            let estimate = (sum + (sum < 0 ? -noise : noise)) / betaJ
            next[k] = estimate
            largest = max(largest, abs(estimate))
        }
        next[j] = noise / betaJ
        next[j + 1] = 1
        rotate()
        return pending || largest > threshold
    }

    /// Records that qⱼ₊₁ is a fresh random direction orthogonalized against the whole basis
    /// (after an invariant subspace): estimates ε₁, no second pass owed.
    mutating func restarted(step j: Int) {
        fill(step: j)
        pending = false
    }

    /// Records that qⱼ₊₁ was reorthogonalized against the whole basis: its estimates drop to ε₁,
    /// and the next step reorthogonalizes too unless this was already that second pass.
    mutating func reorthogonalized(step j: Int) {
        fill(step: j)
        pending.toggle()
    }

    /// The newest row: ωⱼ₊₁,ₖ = ε₁ for k ≤ j (orthogonal to the basis to rounding), ωⱼ₊₁,ⱼ₊₁ = 1.
    private mutating func fill(step j: Int) {
        for k in 0...j { current[k] = roundoff }
        current[j + 1] = 1
    }

    /// previous ← current ← next (the oldest row becomes the scratch row).
    private mutating func rotate() {
        swap(&previous, &current)
        swap(&current, &next)
    }

    /// The largest estimate |ωⱼ₊₁,ₖ|, k ≤ j, of the newest vector (for tests and reports).
    func largestEstimate(step j: Int) -> Double {
        (0...j).reduce(0) { max($0, abs(current[$1])) }
    }
}
