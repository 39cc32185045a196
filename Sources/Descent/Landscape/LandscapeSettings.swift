/// How a landscape run proceeds: how many updates at most, when to stop, and the gradient noise.
public struct LandscapeSettings: Sendable, Equatable {
    /// The most updates a run takes.
    public var steps: Int
    /// Stop once ‖∇f‖ < `tolerance` (the noise-free gradient); 0 never stops early.
    public var tolerance: Double
    /// σ of the Gaussian noise added to each gradient the optimizer sees: g̃ = ∇f + σ·ξ, ξ ~ N(0, I).
    /// The lecture's noisy (stochastic) gradient; 0 for none.
    public var noise: Double
    /// The seed of the noise. Every optimizer of an experiment draws the same sequence ξ₁, ξ₂, …,
    /// so their comparison is not decided by luck of the draw.
    public var seed: UInt64
    /// A run diverges when |x| or |y| exceeds this, or anything becomes non-finite.
    public var escapeRadius: Double
    /// The learning-rate schedule of first-order rules, counted in updates: update t + 1 uses
    /// `schedule.learningRate(at: t, base: lr)` (PyTorch's `scheduler.step()` after every step).
    public var schedule: LearningRateSchedule = .constant

    /// Creates settings; the defaults are 1000 steps, tolerance 1e-6, no noise, seed 0, escape
    /// radius 10⁶.
    public init(steps: Int = 1000, tolerance: Double = 1e-6, noise: Double = 0, seed: UInt64 = 0, escapeRadius: Double = 1e6) {
        self.steps = steps
        self.tolerance = tolerance
        self.noise = noise
        self.seed = seed
        self.escapeRadius = escapeRadius
    }

    /// Throws `LandscapeError.invalidSetting` naming the first setting out of range: steps ≥ 0,
    /// tolerance and noise finite and ≥ 0, escape radius > 0.
    public func validate() throws(LandscapeError) {
        guard steps >= 0 else { throw .invalidSetting(setting: "steps", value: "\(steps)", expected: "a count ≥ 0") }
        guard tolerance.isFinite, tolerance >= 0 else {
            throw .invalidSetting(setting: "tol", value: "\(tolerance)", expected: "a finite number ≥ 0")
        }
        guard noise.isFinite, noise >= 0 else {
            throw .invalidSetting(setting: "noise", value: "\(noise)", expected: "a finite standard deviation ≥ 0")
        }
        guard escapeRadius > 0 else {
            throw .invalidSetting(setting: "escape-radius", value: "\(escapeRadius)", expected: "a number > 0")
        }
    }
}
