import Foundation
import Linalg

/// The minibatch training loop (CS231n's `Solver`): it owns the network's training state — the
/// optimizer, the shuffling generator, the schedule, early stopping — and runs one epoch at a time,
/// reporting what happened rather than printing. Each step: gather a batch, loss and gradient,
/// divergence check, clipping, learning rate, update. The step allocates nothing.
///
/// Speed: the trainer is generic but not `@inlinable`; its hot methods carry `@_specialize` for
/// Float and Double, without which every elementwise loop below them (activations, loss, metrics)
/// would run as unspecialized generic code, measured several times slower.
///
/// Determinism: the batch order comes from `shuffleRandom`, Dropout masks from the network's
/// `dropoutRandom`; both are part of `TrainerState`, so a run restored from a checkpoint continues
/// bit-identically to one that never stopped (same thread count, same machine).
public final class Trainer<Scalar: BLASScalar> {
    /// The network being trained.
    public let network: Network<Scalar>
    /// The update rule.
    public internal(set) var optimizer: any Optimizer<Scalar>
    /// The settings.
    public let settings: TrainingSettings
    /// The training rows in minibatches.
    public internal(set) var source: MinibatchSource<Scalar>
    /// The validation rows, when there is a split.
    public let validationSet: EvaluationSet<Scalar>?
    /// The training rows (for end-of-epoch regression metrics).
    public let trainingSet: EvaluationSet<Scalar>
    /// The generator of the batch order.
    public var shuffleRandom: RandomGenerator
    /// Epochs fully completed.
    public internal(set) var completedEpochs = 0
    /// Optimizer steps taken over the whole run.
    public internal(set) var globalStep = 0
    /// One record per completed epoch.
    public internal(set) var history = TrainingHistory()
    /// The base learning rate the schedule scales (lowered by reduce-on-plateau).
    public internal(set) var baseLearningRate: Double
    /// Early stopping, when on.
    public internal(set) var earlyStopping: EarlyStopping?
    /// Reduce-on-plateau, when on.
    public internal(set) var plateau: ReduceLearningRateOnPlateau?
    /// The state of the best epoch so far (early stopping restores it).
    public internal(set) var bestState: [NamedTensor]?
    /// The model state at the end of the last completed epoch: the last good checkpoint.
    public internal(set) var lastGoodState: [NamedTensor]
    /// Whether early stopping ended the run.
    public internal(set) var stoppedEarly = false
    var overfitting = OverfittingDetector()
    /// Parameter ranges held fixed (transfer learning), with the values they are held at.
    public internal(set) var frozenRanges: [Range<Int>] = []
    var frozenValues = AlignedBuffer<Scalar>(count: 0)
    /// Within the current epoch: the next batch, and the running sums of the batches done.
    var nextBatch = 0
    var epochLossSum = 0.0
    var epochCorrect = 0
    var epochRows = 0
    var epochSeconds = 0.0

    /// A trainer for `network` on rows `trainingRows` of `dataset` (already preprocessed), validating
    /// on `validationRows` when given. `shuffleRandom` orders the batches.
    public init(network: Network<Scalar>, settings: TrainingSettings, dataset: Dataset, trainingRows: [Int],
                validationRows: [Int]?, shuffleRandom: RandomGenerator) throws {
        try settings.optimizer.validate()
        try settings.schedule.validate()
        self.network = network
        self.settings = settings
        network.regularization = settings.regularization
        source = try MinibatchSource(dataset: dataset, rows: trainingRows, batchSize: settings.batchSize)
        guard network.maxBatchSize >= source.batchSize else {
            throw TrainingSetupError(message: "the network holds batches of \(network.maxBatchSize), the trainer needs \(source.batchSize)")
        }
        trainingSet = EvaluationSet(dataset: dataset, rows: trainingRows)
        validationSet = (validationRows?.isEmpty ?? true) ? nil : EvaluationSet(dataset: dataset, rows: validationRows)
        optimizer = settings.optimizer.makeOptimizer(parameterCount: network.layout.count)
        self.shuffleRandom = shuffleRandom
        baseLearningRate = settings.optimizer.learningRate
        earlyStopping = validationSet == nil ? nil : settings.earlyStopping
        plateau = validationSet == nil ? nil : settings.plateau
        lastGoodState = network.namedTensors()
    }

    /// Whether training is over: all epochs done, or stopped early.
    public var isFinished: Bool { stoppedEarly || completedEpochs >= settings.epochs }

    /// The learning rate the schedule gives for counter t.
    func scheduledRate(_ t: Int) -> Double { settings.schedule.learningRate(at: t, base: baseLearningRate) }

    /// Runs the rest of the current epoch. `shouldStop` is asked between steps (Ctrl-C);
    /// `progress(done, total)` after each step.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func runEpoch(shouldStop: () -> Bool = { false }, progress: (Int, Int) -> Void = { _, _ in }) -> EpochOutcome {
        // A stop is taken before the epoch draws its batch order or after a step, never in between:
        // the saved state is then either "epoch not begun" (the generator untouched, so a resume draws
        // the same order) or "mid-epoch" — never "order drawn, no step", which a resume would redraw.
        if nextBatch == 0 && shouldStop() { return .interrupted }
        beginEpochIfNeeded()
        if settings.scheduleUnit == .epoch { optimizer.learningRate = scheduledRate(completedEpochs) }
        let started = Date()
        while nextBatch < source.batchCount {
            if nextBatch > 0 && shouldStop() {
                epochSeconds += Date().timeIntervalSince(started)
                return .interrupted
            }
            if let divergence = trainStep() { return .diverged(divergence) }
            progress(nextBatch, source.batchCount)
        }
        epochSeconds += Date().timeIntervalSince(started)
        return finishEpoch()
    }

    /// Starts an epoch — draws its batch order and clears its sums — unless one is under way.
    public func beginEpochIfNeeded() {
        guard nextBatch == 0 else { return }
        source.startEpoch(random: &shuffleRandom)
        epochLossSum = 0
        epochCorrect = 0
        epochRows = 0
        epochSeconds = 0
    }

    /// Goes back to the first batch of the current epoch's order, keeping the order (for
    /// benchmarks that time steps without ending epochs).
    public func rewindEpoch() { nextBatch = 0 }

    /// The number of the next batch in the current epoch (0-based), and how many the epoch has.
    public var batchPosition: (next: Int, count: Int) { (nextBatch, source.batchCount) }

    /// One optimizer step on the next batch of the current epoch: gather, the learning rate, loss
    /// and gradient, divergence check, clipping, the update, frozen layers held. Without clipping
    /// the update runs in backward (`Network.trainingStep`: each layer's slice checked and applied
    /// right after its gradient, the same bits as one whole update). Returns the divergence when the
    /// loss or the gradient is not finite: a non-finite loss updates nothing; a non-finite gradient
    /// stops the update before its slice (with clipping, before any slice). No allocation.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func trainStep() -> TrainingDivergence? {
        precondition(nextBatch < source.batchCount, "trainStep: the epoch has no batch \(nextBatch)")
        let classification = network.lossFunction.kind.isClassification
        let width = source.featureCount, classes = network.outputCount
        let rows = source.gatherBatch(nextBatch)
        let inputs = UnsafeBufferPointer(start: source.batchFeatures.baseAddress, count: rows * width)
        globalStep += 1
        if settings.scheduleUnit == .step { optimizer.learningRate = scheduledRate(globalStep - 1) }
        // Without clipping (which needs the whole gradient first) the update runs in backward, each
        // layer's slice checked and applied while in cache; the bits are those of the whole update.
        let inBackward = settings.clipNorm == nil && settings.clipValue == nil
        let outcome: TrainingStepOutcome
        if classification {
            outcome = source.batchClassIndices.withUnsafeBufferPointer { labels in
                step(inputs, .classIndices(UnsafeBufferPointer(rebasing: labels[0..<rows])), rows: rows, updating: inBackward)
            }
        } else {
            outcome = source.batchTargets.withUnsafeBufferPointer { values in
                step(inputs, .values(UnsafeBufferPointer(rebasing: values[0..<rows])), rows: rows, updating: inBackward)
            }
        }
        let loss = outcome.loss
        guard loss.isFinite else {
            return TrainingDivergence(epoch: completedEpochs + 1, step: globalStep, quantity: "loss", learningRate: optimizer.learningRate)
        }
        guard outcome.gradientIsFinite else {
            return TrainingDivergence(epoch: completedEpochs + 1, step: globalStep, quantity: "gradient", learningRate: optimizer.learningRate)
        }
        if !inBackward {
            let gradient = network.gradient.buffer
            if let maxNorm = settings.clipNorm { _ = clipGradientNorm(gradient, maxNorm: maxNorm) }
            if let value = settings.clipValue { clipGradientValue(gradient, clipValue: value) }
            optimizer.step(parameters: network.parameters.buffer, gradient: UnsafeBufferPointer(gradient))
        }
        restoreFrozenParameters()
        epochLossSum += loss * Double(rows)
        epochRows += rows
        if classification {
            let p = network.lossFunction.probabilities.baseAddress
            source.batchClassIndices.withUnsafeBufferPointer { labels in
                for row in 0..<rows {
                    var best = 0
                    for j in 1..<classes where p[row * classes + j] > p[row * classes + best] { best = j }
                    if best == Int(labels[row]) { epochCorrect += 1 }
                }
            }
        }
        nextBatch += 1
        return nil
    }

    /// Loss and gradient of one batch; with `updating`, the update too, in backward
    /// (`Network.trainingStep`, gradient checked slice by slice); without, the gradient only (checked
    /// to be finite), for the caller to clip and update.
    func step(_ inputs: UnsafeBufferPointer<Scalar>, _ targets: LossTargets<Scalar>, rows: Int, updating: Bool) -> TrainingStepOutcome {
        if updating {
            return network.trainingStep(inputs: inputs, targets: targets, batchSize: rows, mode: .training, optimizer: &optimizer,
                                        checksGradient: true)
        }
        let loss = network.lossAndGradient(inputs: inputs, targets: targets, batchSize: rows, mode: .training)
        let g = network.gradient.buffer
        let finite = !loss.isFinite || Network<Scalar>.isFinite(g, 0..<g.count)
        return TrainingStepOutcome(loss: loss, gradientIsFinite: finite)
    }

    /// End-of-epoch bookkeeping: metrics, early stopping, plateau, overfitting, the record.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func finishEpoch() -> EpochOutcome {
        nextBatch = 0
        completedEpochs += 1
        let epoch = completedEpochs
        let trainLoss = epochLossSum / Double(max(1, epochRows))
        guard trainLoss.isFinite else {
            return .diverged(TrainingDivergence(epoch: epoch, step: globalStep, quantity: "loss", learningRate: optimizer.learningRate))
        }
        var record = EpochRecord(epoch: epoch, learningRate: optimizer.learningRate, trainLoss: trainLoss,
                                 seconds: epochSeconds, samplesPerSecond: Double(epochRows) / max(epochSeconds, 1e-9))
        var events: [TrainingEvent] = []
        if network.lossFunction.kind.isClassification {
            record.trainAccuracy = Double(epochCorrect) / Double(max(1, epochRows))
        } else {
            record.trainRMSE = Evaluator.evaluate(network, on: trainingSet).rmse
        }
        if let validationSet {
            let metrics = Evaluator.evaluate(network, on: validationSet)
            guard metrics.loss.isFinite else {
                return .diverged(TrainingDivergence(epoch: epoch, step: globalStep, quantity: "loss", learningRate: optimizer.learningRate))
            }
            record.validationLoss = metrics.loss
            record.validationAccuracy = metrics.accuracy
            record.validationRMSE = metrics.rmse
            record.validationR2 = metrics.r2
            if overfitting.observe(trainLoss: trainLoss, validationLoss: metrics.loss) {
                events.append(.overfitting(epoch: epoch))
            }
            if var reducer = plateau {
                let before = baseLearningRate
                baseLearningRate = reducer.observe(metrics.loss, learningRate: baseLearningRate)
                plateau = reducer
                if baseLearningRate < before { events.append(.learningRateReduced(epoch: epoch, from: before, to: baseLearningRate)) }
            }
            if var stopper = earlyStopping {
                switch stopper.observe(validationLoss: metrics.loss, epoch: epoch) {
                case .improved:
                    bestState = network.namedTensors()
                case .wait:
                    break
                case .stop:
                    stoppedEarly = true
                    events.append(.earlyStop(epoch: epoch, bestEpoch: stopper.bestEpoch, bestLoss: stopper.bestLoss))
                }
                earlyStopping = stopper
            }
        }
        history.records.append(record)
        lastGoodState = network.namedTensors()
        return .completed(record, events)
    }

    /// Holds the parameters in `ranges` (offsets into the flat vector) at their current values from
    /// now on: after every update they are copied back, so no rule — weight decay and momentum
    /// included — moves them. Used to freeze the first layers when fine-tuning.
    public func freeze(_ ranges: [Range<Int>]) {
        frozenRanges = ranges
        frozenValues = AlignedBuffer(count: ranges.reduce(0) { $0 + $1.count })
        var offset = 0
        for range in ranges {
            (frozenValues.baseAddress + offset).update(from: network.parameters.baseAddress + range.lowerBound, count: range.count)
            offset += range.count
        }
    }

    /// Copies the frozen values back over the parameters (no allocation).
    func restoreFrozenParameters() {
        var offset = 0
        for range in frozenRanges {
            (network.parameters.baseAddress + range.lowerBound).update(from: frozenValues.baseAddress + offset, count: range.count)
            offset += range.count
        }
    }

    /// Loads the best epoch's weights (after early stopping, or at the end of a run with validation).
    /// Returns false when no best state was recorded.
    @discardableResult
    public func restoreBestState() throws -> Bool {
        guard let bestState else { return false }
        try network.load(namedTensors: bestState)
        return true
    }
}

/// A trainer that cannot be built from the arguments given.
public struct TrainingSetupError: Error, CustomStringConvertible, Sendable {
    /// What is inconsistent.
    public var message: String
    public var description: String { message }
}
