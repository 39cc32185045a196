#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A learning rate as a closed-form function of a counter t = 0, 1, 2, … (steps or epochs, as
/// the trainer decides; see `ScheduleUnit`) and the base rate η₀. Each case equals PyTorch's
/// `lr_scheduler` closed form (`_get_closed_form_lr`) at every t. A trainer asks
/// `learningRate(at:base:)` and assigns the result to `Optimizer.learningRate` before the step.
/// Reduce-on-plateau depends on observed metrics, not on t: see `ReduceLearningRateOnPlateau`.
public indirect enum LearningRateSchedule: Sendable, Equatable {
    /// η₀ at every t.
    case constant
    /// η₀·γ^⌊t/size⌋ (PyTorch `StepLR(step_size, gamma)`).
    case step(size: Int, gamma: Double)
    /// η₀·γ^(number of milestones ≤ t) (PyTorch `MultiStepLR(milestones, gamma)`).
    case multiStep(milestones: [Int], gamma: Double)
    /// η₀·γ^t (PyTorch `ExponentialLR(gamma)`).
    case exponential(gamma: Double)
    /// η₀/(1 + k·t), the lecture's "1/t decay" (PyTorch: `LambdaLR` with that factor).
    case inverseTime(decay: Double)
    /// η_min + (η₀ − η_min)·(1 + cos(π·t/T_max))/2 for t ≤ T_max, then η_min (PyTorch
    /// `CosineAnnealingLR(T_max, eta_min)`'s closed form, held at its end rather than rising).
    case cosine(period: Int, minimum: Double)
    /// SGDR (Loshchilov & Hutter 2017), PyTorch `CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)`:
    /// the cosine above over periods T_0, T_0·T_mult, T_0·T_mult², …, restarting at η₀ each time.
    case cosineWarmRestarts(firstPeriod: Int, periodMultiplier: Int, minimum: Double)
    /// Linear warm-up over `steps` counts, η₀·(s + (1 − s)·t/steps) with s = `startFactor`
    /// (PyTorch `LinearLR(start_factor, end_factor=1, total_iters=steps)`), then `then` with its
    /// counter restarted at 0 (PyTorch `SequentialLR(…, milestones=[steps])`).
    case warmup(steps: Int, startFactor: Double, then: LearningRateSchedule)

    /// The learning rate at counter `t` (t ≥ 0) for base rate `base`.
    public func learningRate(at t: Int, base: Double) -> Double {
        precondition(t >= 0, "LearningRateSchedule: negative counter \(t)")
        switch self {
        case .constant:
            return base
        case let .step(size, gamma):
            return base * pow(gamma, Double(t / max(1, size)))
        case let .multiStep(milestones, gamma):
            return base * pow(gamma, Double(milestones.filter { $0 <= t }.count))
        case let .exponential(gamma):
            return base * pow(gamma, Double(t))
        case let .inverseTime(decay):
            return base / (1 + decay * Double(t))
        case let .cosine(period, minimum):
            let current = Double(min(t, period))
            return minimum + (base - minimum) * (1 + cos(Double.pi * current / Double(max(1, period)))) / 2
        case let .cosineWarmRestarts(firstPeriod, multiplier, minimum):
            let (position, length) = Self.restartPosition(t, firstPeriod: max(1, firstPeriod), multiplier: max(1, multiplier))
            return minimum + (base - minimum) * (1 + cos(Double.pi * Double(position) / Double(length))) / 2
        case let .warmup(steps, startFactor, then):
            if t < steps {
                return base * (startFactor + (1 - startFactor) * Double(t) / Double(steps))
            }
            return then.learningRate(at: t - steps, base: base)
        }
    }

    /// (T_cur, T_i): the position inside the current restart period and that period's length.
    /// Integer arithmetic, so no rounding of PyTorch's logarithm can pick the wrong period.
    static func restartPosition(_ t: Int, firstPeriod: Int, multiplier: Int) -> (Int, Int) {
        var start = 0, length = firstPeriod
        while t >= start + length {
            start += length
            length *= multiplier
        }
        return (t - start, length)
    }

    /// Checks the parameters (sizes and periods ≥ 1, γ and rates finite and ≥ 0, start factor in
    /// (0, 1]); throws `OptimizerError.invalidSetting` naming PyTorch's parameter.
    public func validate() throws(OptimizerError) {
        func require(_ ok: Bool, _ name: String, _ value: String, _ expected: String) throws(OptimizerError) {
            if !ok { throw .invalidSetting(setting: name, value: value, expected: expected) }
        }
        switch self {
        case .constant: return
        case let .step(size, gamma):
            try require(size >= 1, "step_size", "\(size)", "an integer ≥ 1")
            try require(gamma.isFinite && gamma >= 0, "gamma", "\(gamma)", "a finite number ≥ 0")
        case let .multiStep(milestones, gamma):
            try require(milestones.allSatisfy { $0 >= 0 }, "milestones", "\(milestones)", "counters ≥ 0")
            try require(gamma.isFinite && gamma >= 0, "gamma", "\(gamma)", "a finite number ≥ 0")
        case let .exponential(gamma):
            try require(gamma.isFinite && gamma >= 0, "gamma", "\(gamma)", "a finite number ≥ 0")
        case let .inverseTime(decay):
            try require(decay.isFinite && decay >= 0, "decay", "\(decay)", "a finite number ≥ 0")
        case let .cosine(period, minimum):
            try require(period >= 1, "T_max", "\(period)", "an integer ≥ 1")
            try require(minimum.isFinite && minimum >= 0, "eta_min", "\(minimum)", "a finite number ≥ 0")
        case let .cosineWarmRestarts(firstPeriod, multiplier, minimum):
            try require(firstPeriod >= 1, "T_0", "\(firstPeriod)", "an integer ≥ 1")
            try require(multiplier >= 1, "T_mult", "\(multiplier)", "an integer ≥ 1")
            try require(minimum.isFinite && minimum >= 0, "eta_min", "\(minimum)", "a finite number ≥ 0")
        case let .warmup(steps, startFactor, then):
            try require(steps >= 1, "total_iters", "\(steps)", "an integer ≥ 1")
            try require(startFactor > 0 && startFactor <= 1, "start_factor", "\(startFactor)", "0 < start_factor ≤ 1")
            try then.validate()
        }
    }
}

/// What a schedule's counter counts: optimizer steps (minibatches) or epochs.
public enum ScheduleUnit: String, Sendable, CaseIterable {
    case step, epoch
}
