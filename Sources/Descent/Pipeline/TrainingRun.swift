import Foundation
import Linalg

/// One training run as a library value: prepared data, a network shape, a method and settings,
/// seeded — the work of `descent train` and of each run of `descent compare`, without printing.
///
/// The seed's `RunGenerators` draw the initial weights and the batch order (the split was drawn
/// by `DataPreparation.prepare(seed:)`), so one seed gives the same start and the same
/// minibatches whatever the method. `run(observer:)` is the epoch loop, written once: it trains
/// until all epochs are done, early stopping ends it, the observer asks it to stop, or the loss
/// stops being finite, and reports each of these to the observer.
///
/// ```swift
/// let data = try DataPreparation(path: "iris.csv").prepare(seed: 0)
/// let run = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [16]), seed: 0)
/// let result = try run.run()
/// ```
public final class TrainingRun<Scalar: BLASScalar> {
    /// The data trained on.
    public let data: PreparedData
    /// The network's shape.
    public let spec: NetworkSpec
    /// The method.
    public let method: TrainingMethod
    /// The settings in force: the batch size capped at the training rows; for a first-order
    /// method its configuration is `settings.optimizer`.
    public let settings: TrainingSettings
    /// The seed of the initial weights and the batch order (and of the split, by convention).
    public let seed: UInt64
    /// The trainer: the network, the optimizer state, the history; restore a resume state into it
    /// before `run`.
    public let trainer: Trainer<Scalar>
    /// Measures the sharpness every few epochs when set (`CurvatureTracker`).
    public var curvature: CurvatureTracker?
    /// The configuration the run was built from (`init(configuration:data:)`), stored in its
    /// checkpoints so that a resume rebuilds it; nil for a run built from its parts.
    public internal(set) var configuration: RunConfiguration?
    let secondOrder: (stepper: SecondOrderStepper, rows: EvaluationSet<Double>)?

    /// The network being trained.
    public var network: Network<Scalar> { trainer.network }

    /// A run of `spec` on `data` by `method` (nil: the first-order rule `settings.optimizer`,
    /// Adam with PyTorch's defaults unless set) with `settings`, initialized and shuffled from `seed`.
    /// Throws `TrainingRunError` for a second-order method the network does not allow,
    /// `CurvatureError` for a Newton Hessian beyond memory or bad second-order settings, and
    /// the errors of `Network` and `Trainer` for inconsistent settings.
    public init(data: PreparedData, spec: NetworkSpec, method: TrainingMethod? = nil,
                settings: TrainingSettings = TrainingSettings(), seed: UInt64) throws {
        let method = method ?? .firstOrder(settings.optimizer)
        var settings = settings
        settings.optimizer = Self.optimizer(of: method)
        settings.batchSize = Self.cappedBatchSize(settings.batchSize, trainingRows: data.split.training.count)
        var random = RunGenerators(seed: seed)
        let network = try Network<Scalar>(spec: spec, maxBatchSize: max(settings.batchSize, 256), random: &random.initialization)
        trainer = try Trainer(network: network, settings: settings, dataset: data.dataset, trainingRows: data.split.training,
                              validationRows: data.split.validation, shuffleRandom: random.shuffle)
        secondOrder = try method.secondOrder.map { secondOrder in
            try Self.checkSecondOrder(secondOrder, network: network)
            return (try secondOrder.stepper(), EvaluationSet<Double>(dataset: data.dataset, rows: data.split.training))
        }
        self.data = data
        self.spec = spec
        self.method = method
        self.settings = settings
        self.seed = seed
    }

    /// The batch a run allocates for: `batchSize` capped at the training rows (a batch cannot hold
    /// more rows than there are, as PyTorch's DataLoader).
    public static func cappedBatchSize(_ batchSize: Int, trainingRows: Int) -> Int {
        batchSize > trainingRows && trainingRows > 0 ? trainingRows : batchSize
    }

    /// The trainer's rule: the first-order configuration, or — for a second-order method, whose
    /// update the stepper makes — plain SGD at the step scale, so the records show that rate.
    static func optimizer(of method: TrainingMethod) -> OptimizerConfiguration {
        switch method {
        case let .firstOrder(configuration):
            return configuration
        case let .secondOrder(settings):
            var configuration = OptimizerConfiguration.defaults(for: .sgd)
            configuration.learningRate = settings.learningRate
            return configuration
        }
    }

    /// Refuses a network whose objective is not a fixed function of θ (batch norm, dropout), and
    /// for Newton a Hessian beyond the memory guard.
    static func checkSecondOrder(_ settings: SecondOrderSettings, network: Network<Scalar>) throws {
        if let reason = SecondOrderStepper.unsupportedReason(network) {
            throw TrainingRunError.secondOrderUnsupported(method: settings.method, reason: reason)
        }
        if settings.method == .newton {
            try HessianMemoryGuard().check(parameters: network.layout.count)
        }
    }

    /// Epoch 0: the initial weights' loss and accuracy on the training and validation rows
    /// (evaluation mode, data loss) — the same for every method of a seed.
    public func initialRecord() -> EpochRecord {
        let training = Evaluator.evaluate(network, on: trainer.trainingSet)
        let validation = trainer.validationSet.map { Evaluator.evaluate(network, on: $0) }
        return EpochRecord(epoch: 0, learningRate: trainer.optimizer.learningRate, trainLoss: training.loss,
                           validationLoss: validation?.loss, trainAccuracy: training.accuracy,
                           validationAccuracy: validation?.accuracy, trainRMSE: training.rmse, validationRMSE: validation?.rmse,
                           validationR2: validation?.r2, seconds: 0, samplesPerSecond: 0)
    }
}

/// A run that cannot be set up as asked.
public enum TrainingRunError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A full-batch second-order method needs a fixed objective; the network has `reason`
    /// (batch norm or dropout).
    case secondOrderUnsupported(method: SecondOrderMethod, reason: String)
    /// Asked to freeze `requested` Linear layers of a network that has `available`.
    case freezeBeyondLayers(requested: Int, available: Int)
    /// A configuration of one precision built in another.
    case precisionMismatch(configured: Precision, requested: Precision)

    /// The message, with the numbers.
    public var description: String {
        switch self {
        case let .secondOrderUnsupported(method, reason):
            return "\(method.rawValue) is full-batch on a fixed objective; the model has \(reason)"
        case let .freezeBeyondLayers(requested, available):
            return "cannot freeze \(requested) Linear layers: the model has only \(available)"
        case let .precisionMismatch(configured, requested):
            return "the run is configured in \(configured.rawValue) precision, not \(requested.rawValue)"
        }
    }
}
