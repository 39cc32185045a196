import ArgumentParser
import Descent

/// The model flags of `descent train` (and of every command that trains: compare, search).
struct ModelOptions: ParsableArguments {
    @Option(help: "Hidden layer widths, comma-separated; '' for a linear model.")
    var layers = "64,64"

    @Option(help: "Activation after each hidden layer.")
    var activation: ActivationFlag = .relu

    @Option(name: .customLong("init"), help: "Weight init: he-uniform (default), he-normal, xavier-uniform, xavier-normal, pytorch, or normal:σ (e.g. normal:0.01, the lecture's 0.01·randn).")
    var initializer = "he-uniform"

    @Flag(help: "Add BatchNorm1d after each hidden Linear (before the activation).")
    var batchNorm = false

    @Option(help: "Dropout probability after each hidden activation (0 = none).")
    var dropout = 0.0

    @Option(help: "Cross-entropy label smoothing ε in [0, 1].")
    var labelSmoothing = 0.0

    /// The hidden sizes, or a usage error naming the flag.
    func hiddenSizes() throws -> [Int] {
        let parts = layers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try parts.map { part in
            guard let width = Int(part), width > 0 else { throw ValidationError("--layers takes positive widths like 64,64; '\(part)' is not one") }
            return width
        }
    }

    /// The activation.
    func activationKind() throws -> ActivationKind { activation.kind }

    /// The initializer, or a usage error listing the choices.
    func initializerKind() throws -> Initializer {
        guard let kind = Initializer(name: initializer) else {
            throw ValidationError("--init '\(initializer)' is not one of he-uniform, he-normal, xavier-uniform, xavier-normal, pytorch, normal:σ")
        }
        return kind
    }

    /// The network these flags describe for the prepared data (inputs, outputs and loss from the data).
    func spec(for data: PreparedData) throws -> NetworkSpec {
        data.spec(hiddenSizes: try hiddenSizes(), activation: try activationKind(), batchNorm: batchNorm, dropout: dropout,
                  initializer: try initializerKind(), labelSmoothing: labelSmoothing)
    }

    func validate() throws {
        _ = try hiddenSizes()
        _ = try initializerKind()
        guard dropout >= 0 && dropout < 1 else { throw ValidationError("--dropout must be in [0, 1), got \(dropout)") }
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else { throw ValidationError("--label-smoothing must be in [0, 1], got \(labelSmoothing)") }
    }
}

/// The optimizer flags.
struct OptimizerOptions: ParsableArguments {
    @Option(help: "The update rule: a first-order rule trained by minibatches, or full-batch lbfgs or newton (lr 1 by default).")
    var optimizer: MethodName = .adam

    @Option(help: "newton: the damping δ in (H + δI)⁻¹g (default 1e-4).")
    var damping: Double?

    @Option(help: "lbfgs: iterations (with line search) per epoch (default 20).")
    var lbfgsIterations = 20

    @Option(help: "Learning rate. Default: the rule's (adam 1e-3, sgd/momentum/nesterov 1e-2, adagrad/rmsprop 1e-2).")
    var lr: Double?

    @Option(help: "Momentum ρ (sgd, momentum, nesterov, rmsprop). momentum and nesterov default to 0.9.")
    var momentum: Double?

    @Option(help: "SGD dampening τ.")
    var dampening: Double?

    @Option(help: "Adam/AdamW betas as β1,β2 (default 0.9,0.999).")
    var betas: String?

    @Option(help: "The ε added to denominators (Adam 1e-8, RMSprop 1e-8, AdaGrad 1e-10).")
    var eps: Double?

    @Option(help: "Weight decay (L2 inside the rule; decoupled for adamw, default 0.01 there).")
    var weightDecay: Double?

    @Option(help: "RMSprop smoothing constant α (default 0.99).")
    var alpha: Double?

    @Flag(help: "RMSprop: normalize by the centered second moment.")
    var centered = false

    @Flag(help: "Adam/AdamW: the AMSGrad variant.")
    var amsgrad = false

    @Option(help: "AdaGrad learning-rate decay.")
    var lrDecay: Double?

    @Option(help: "AdaGrad initial accumulator value.")
    var initialAccumulator: Double?

    /// The configuration: the rule's defaults with the flags given applied, validated.
    func configuration() throws -> OptimizerConfiguration {
        guard let kind = optimizer.firstOrderKind else {
            throw ValidationError("--optimizer \(optimizer.rawValue) is full-batch second-order: it has no first-order settings")
        }
        if damping != nil { throw ValidationError("--damping applies to --optimizer newton") }
        var c = OptimizerConfiguration.defaults(for: kind)
        if let lr { c.learningRate = lr }
        if let momentum { c.momentum = momentum }
        if let dampening { c.dampening = dampening }
        if let betas {
            let parts = betas.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2 else { throw ValidationError("--betas takes two numbers like 0.9,0.999, got '\(betas)'") }
            c.betas = (parts[0], parts[1])
        }
        if let eps { c.eps = eps }
        if let weightDecay { c.weightDecay = weightDecay }
        if let alpha { c.alpha = alpha }
        if centered { c.centered = true }
        if amsgrad { c.amsgrad = true }
        if let lrDecay { c.lrDecay = lrDecay }
        if let initialAccumulator { c.initialAccumulatorValue = initialAccumulator }
        do {
            try c.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return c
    }

    func validate() throws {
        if optimizer.secondOrderMethod != nil {
            if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be positive, got \(lr)") }
        } else {
            _ = try configuration()
        }
        if let damping, !(damping >= 0 && damping.isFinite) { throw ValidationError("--damping must be a finite number ≥ 0, got \(damping)") }
        guard lbfgsIterations >= 1 else { throw ValidationError("--lbfgs-iterations must be at least 1, got \(lbfgsIterations)") }
        if damping != nil && optimizer != .newton { throw ValidationError("--damping applies to --optimizer newton") }
    }

    /// The method of the flags: the rule's configuration, or lbfgs/newton with the step scale
    /// (default 1), damping (default 1e-4) and iterations per epoch.
    func method() throws -> TrainingMethod {
        guard let method = optimizer.secondOrderMethod else { return .firstOrder(try configuration()) }
        return .secondOrder(SecondOrderSettings(method: method, learningRate: lr ?? 1, damping: damping ?? 1e-4, iterationsPerEpoch: lbfgsIterations))
    }
}

/// The learning-rate schedule flags.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "The learning-rate schedule.")
    var schedule: ScheduleFlag = .constant

    @Option(help: "Whether the schedule counts epochs (default) or steps (minibatches).")
    var scheduleUnit: ScheduleUnit = .epoch

    @Option(help: "step: multiply by --gamma every this many epochs/steps.")
    var stepSize = 30

    @Option(help: "step/multistep/exponential: the factor γ (default 0.1; exponential 0.95).")
    var gamma: Double?

    @Option(help: "multistep: the milestones, comma-separated (e.g. 30,80).")
    var milestones = "30,80"

    @Option(help: "inverse-time: k in lr₀/(1 + k·t).")
    var decay = 0.01

    @Option(help: "cosine: T_max, the length of the annealing (default: the number of epochs).")
    var tMax: Int?

    @Option(help: "cosine/cosine-restarts: the final rate η_min.")
    var etaMin = 0.0

    @Option(help: "cosine-restarts: T_0, the first period.")
    var t0 = 10

    @Option(help: "cosine-restarts: T_mult, the period's growth factor.")
    var tMult = 1

    @Option(help: "Linear warm-up over this many epochs/steps before the schedule (from 0.1·lr).")
    var warmup = 0

    @Option(help: "plateau: the factor (default 0.1).")
    var plateauFactor = 0.1

    @Option(help: "plateau: epochs without improvement before reducing (default 10).")
    var plateauPatience = 10

    /// The schedule and the optional reduce-on-plateau, for a run of `epochs` epochs.
    func make(epochs: Int) throws -> (LearningRateSchedule, ReduceLearningRateOnPlateau?) {
        var base: LearningRateSchedule
        var plateau: ReduceLearningRateOnPlateau?
        switch schedule {
        case .constant: base = .constant
        case .step: base = .step(size: stepSize, gamma: gamma ?? 0.1)
        case .multistep:
            let points = milestones.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            base = .multiStep(milestones: points, gamma: gamma ?? 0.1)
        case .exponential: base = .exponential(gamma: gamma ?? 0.95)
        case .inverseTime: base = .inverseTime(decay: decay)
        case .cosine: base = .cosine(period: tMax ?? epochs, minimum: etaMin)
        case .cosineRestarts: base = .cosineWarmRestarts(firstPeriod: t0, periodMultiplier: tMult, minimum: etaMin)
        case .plateau:
            base = .constant
            plateau = ReduceLearningRateOnPlateau(factor: plateauFactor, patience: plateauPatience)
        }
        if warmup > 0 { base = .warmup(steps: warmup, startFactor: 0.1, then: base) }
        do {
            try base.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return (base, plateau)
    }
}

extension ScheduleUnit: ExpressibleByArgument {}

/// The flags of a training step shared by every command that trains (train, compare): penalties,
/// clipping, minibatch size, precision and threads.
struct StepOptions: ParsableArguments {
    @Option(help: "L2 penalty λ: adds 0.5·λ·Σ‖W‖² over Linear weights (not biases or batch norm).")
    var l2 = 0.0

    @Option(help: "L1 penalty λ: adds λ·Σ|W| over Linear weights.")
    var l1 = 0.0

    @Option(help: "Clip the gradient's global 2-norm to this value.")
    var clipNorm: Double?

    @Option(help: "Clip each gradient element to [−v, v].")
    var clipValue: Double?

    @Option(help: "Rows per minibatch.")
    var batchSize = 32

    @Option(help: "float (fast, default) or double.")
    var precision: Precision = .float

    @Option(help: "OpenBLAS threads (default: DESCENT_THREADS, else all cores).")
    var threads: Int?

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        guard l2 >= 0 && l1 >= 0 else { throw ValidationError("--l2 and --l1 must be ≥ 0") }
        if let clipNorm, !(clipNorm > 0) { throw ValidationError("--clip-norm must be positive, got \(clipNorm)") }
        if let clipValue, !(clipValue > 0) { throw ValidationError("--clip-value must be positive, got \(clipValue)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// Sets the batch size, clipping and penalties of `settings` from these flags.
    func apply(to settings: inout TrainingSettings) {
        settings.batchSize = batchSize
        settings.clipNorm = clipNorm
        settings.clipValue = clipValue
        settings.regularization = Regularization(l2: l2, l1: l1)
    }
}
