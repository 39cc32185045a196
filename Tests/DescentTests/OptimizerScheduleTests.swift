#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Descent
import Testing

/// Schedules against PyTorch's closed forms, worked out here at chosen counters, and
/// reduce-on-plateau against a hand-traced metric sequence.
@Suite("Learning-rate schedules")
struct OptimizerScheduleTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-15 * max(1, abs(b)) }

    @Test("Constant, step, multistep, exponential and inverse time")
    func simpleForms() {
        #expect(LearningRateSchedule.constant.learningRate(at: 123, base: 0.3) == 0.3)
        let step = LearningRateSchedule.step(size: 3, gamma: 0.5)
        // StepLR: 0.1 for t = 0,1,2; 0.05 for 3,4,5; 0.025 at 6.
        #expect([0, 2, 3, 5, 6].map { step.learningRate(at: $0, base: 0.1) } == [0.1, 0.1, 0.05, 0.05, 0.025])
        let multi = LearningRateSchedule.multiStep(milestones: [2, 5], gamma: 0.1)
        let values = [0, 1, 2, 4, 5, 9].map { multi.learningRate(at: $0, base: 1) }
        #expect(zip(values, [1, 1, 0.1, 0.1, 0.01, 0.01]).allSatisfy { Self.close($0, $1) })
        #expect(Self.close(LearningRateSchedule.exponential(gamma: 0.9).learningRate(at: 3, base: 2), 2 * 0.729))
        // 1/t decay: 0.5 / (1 + 0.25·4) = 0.25.
        #expect(LearningRateSchedule.inverseTime(decay: 0.25).learningRate(at: 4, base: 0.5) == 0.25)
    }

    @Test("Cosine annealing follows η_min + (η₀ − η_min)(1 + cos(πt/T))/2")
    func cosine() {
        let schedule = LearningRateSchedule.cosine(period: 10, minimum: 0.01)
        #expect(schedule.learningRate(at: 0, base: 0.1) == 0.1)
        #expect(Self.close(schedule.learningRate(at: 5, base: 0.1), 0.055))          // half way: the mean
        #expect(Self.close(schedule.learningRate(at: 10, base: 0.1), 0.01))
        #expect(Self.close(schedule.learningRate(at: 3, base: 0.1), 0.01 + 0.09 * (1 + cos(0.3 * Double.pi)) / 2))
        #expect(Self.close(schedule.learningRate(at: 15, base: 0.1), 0.01))         // held at the end
    }

    @Test("Warm restarts: periods T₀, T₀·m, T₀·m², … each restart at η₀")
    func warmRestarts() {
        let schedule = LearningRateSchedule.cosineWarmRestarts(firstPeriod: 2, periodMultiplier: 2, minimum: 0)
        // Periods [0,2), [2,6), [6,14): restarts at 2 and 6, halfway points at 1, 4, 10.
        for t in [0, 2, 6, 14] { #expect(schedule.learningRate(at: t, base: 1) == 1, "restart at \(t)") }
        for t in [1, 4, 10] { #expect(Self.close(schedule.learningRate(at: t, base: 1), 0.5), "midpoint \(t)") }
        #expect(Self.close(schedule.learningRate(at: 3, base: 1), (1 + cos(Double.pi / 4)) / 2))
        let fixed = LearningRateSchedule.cosineWarmRestarts(firstPeriod: 5, periodMultiplier: 1, minimum: 0.1)
        #expect(fixed.learningRate(at: 7, base: 1) == fixed.learningRate(at: 2, base: 1))
    }

    @Test("Linear warm-up rises from start_factor·η₀ to η₀, then hands over")
    func warmup() {
        let schedule = LearningRateSchedule.warmup(steps: 4, startFactor: 0.25, then: .step(size: 2, gamma: 0.5))
        let values = (0...7).map { schedule.learningRate(at: $0, base: 0.8) }
        // LinearLR: 0.8·(0.25 + 0.75·t/4) = 0.2, 0.35, 0.5, 0.65; then StepLR from 0: 0.8, 0.8, 0.4, 0.4.
        let expected = [0.2, 0.35, 0.5, 0.65, 0.8, 0.8, 0.4, 0.4]
        #expect(zip(values, expected).allSatisfy { Self.close($0, $1) }, "\(values)")
    }

    @Test("Schedule validation names PyTorch's parameter")
    func validation() {
        #expect(throws: OptimizerError.invalidSetting(setting: "step_size", value: "0", expected: "an integer ≥ 1")) {
            try LearningRateSchedule.step(size: 0, gamma: 0.1).validate()
        }
        #expect(throws: OptimizerError.self) {
            try LearningRateSchedule.warmup(steps: 2, startFactor: 0.1, then: .cosine(period: 0, minimum: 0)).validate()
        }
    }

    @Test("Reduce-on-plateau with PyTorch's defaults: reduce after 11 epochs without 1e-4 relative gain")
    func plateau() {
        var scheduler = ReduceLearningRateOnPlateau()
        var lr = 1.0
        lr = scheduler.observe(10, learningRate: lr)                // best = 10
        lr = scheduler.observe(9.9995, learningRate: lr)             // 0.005 % better: not significant
        #expect(scheduler.best == 10 && scheduler.badEpochs == 1)
        for _ in 0..<9 { lr = scheduler.observe(10, learningRate: lr) }
        #expect(lr == 1 && scheduler.badEpochs == 10)                // patience 10 reached, not exceeded
        lr = scheduler.observe(10, learningRate: lr)
        #expect(Self.close(lr, 0.1) && scheduler.badEpochs == 0)     // 11th bad epoch: ×0.1
        lr = scheduler.observe(5, learningRate: lr)
        #expect(scheduler.best == 5 && Self.close(lr, 0.1))
    }

    @Test("Reduce-on-plateau: cooldown, min_lr, max mode")
    func plateauOptions() {
        var scheduler = ReduceLearningRateOnPlateau(mode: .max, factor: 0.5, patience: 1, cooldown: 2, minLearningRate: 0.3)
        var lr = 1.0
        var trace: [Double] = []
        for metric in [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] {
            lr = scheduler.observe(metric, learningRate: lr)
            trace.append(lr)
        }
        // best 1 at epoch 1; bad epochs 2, 3 → reduce at 3 to 0.5; cooldown epochs 4, 5 count nothing;
        // bad 6, 7 → reduce at 7 to max(0.25, 0.3) = 0.3.
        #expect(trace == [1, 1, 0.5, 0.5, 0.5, 0.5, 0.3, 0.3], "\(trace)")
    }
}
