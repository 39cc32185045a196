import Foundation
import Linalg

/// The full-batch second-order methods that train a network besides the first-order rules of
/// `OptimizerKind` (a separate type: they need the whole objective, not one minibatch gradient).
public enum SecondOrderMethod: String, CaseIterable, Sendable {
    /// L-BFGS with strong-Wolfe line search, history 10 (`LBFGS`, PyTorch semantics).
    case lbfgs
    /// Damped Newton θ ← θ − lr·(H + δI)⁻¹g on the full Hessian (`DampedNewton`).
    case newton
}

/// Runs one second-order method on a trainer's network, one call per epoch, over all training rows
/// in Double (the Float network's parameters are copied into a Double network and back).
///
/// - L-BFGS: one PyTorch `step(closure)` of `iterationsPerEpoch` iterations per epoch; the
///   (s, y) history persists across epochs.
/// - Newton: one step θ ← θ + lr·p, p = −(H + δI)⁻¹g, with H assembled from n Hessian-vector
///   products within `memoryGuard` (which throws `CurvatureError.hessianTooLarge` above it).
///
/// The objective is the mean data loss + L2 over the training rows in evaluation mode, so it is a
/// fixed function of θ: callers should refuse dropout and batch norm (see `isSupported(by:)`).
public final class SecondOrderStepper {
    /// The method.
    public let method: SecondOrderMethod
    /// Step scale: L-BFGS's trial step length, Newton's step multiplier (1 = the full step).
    public let learningRate: Double
    /// Newton's damping δ ≥ 0.
    public let damping: Double
    /// L-BFGS iterations per epoch.
    public let iterationsPerEpoch: Int
    /// Newton's limit on the dense Hessian.
    public let memoryGuard: HessianMemoryGuard
    var lbfgs: LBFGS

    /// A stepper; throws `CurvatureError.invalidArgument` for a non-positive rate, a negative
    /// damping or fewer than one iteration.
    public init(method: SecondOrderMethod, learningRate: Double = 1, damping: Double = 0, iterationsPerEpoch: Int = 20,
                memoryGuard: HessianMemoryGuard = HessianMemoryGuard()) throws(CurvatureError) {
        guard learningRate > 0 && learningRate.isFinite else { throw .invalidArgument(name: "lr", message: "must be positive, got \(learningRate)") }
        guard damping >= 0 && damping.isFinite else { throw .invalidArgument(name: "damping", message: "must be ≥ 0, got \(damping)") }
        guard iterationsPerEpoch >= 1 else { throw .invalidArgument(name: "iterations", message: "must be at least 1, got \(iterationsPerEpoch)") }
        self.method = method
        self.learningRate = learningRate
        self.damping = damping
        self.iterationsPerEpoch = iterationsPerEpoch
        self.memoryGuard = memoryGuard
        lbfgs = LBFGS(learningRate: learningRate, maxIterations: iterationsPerEpoch, historySize: 10, lineSearch: true)
    }

    /// Whether `network`'s objective is deterministic enough for a full-batch method: no dropout,
    /// no batch norm. Returns the reason when not.
    public static func unsupportedReason<Scalar: BLASScalar>(_ network: Network<Scalar>) -> String? {
        for layer in network.layers {
            if case .batchNorm = layer { return "batch norm (its objective depends on the batch)" }
            if case .dropout = layer { return "dropout (its objective is random)" }
        }
        return nil
    }

    /// One epoch's update of `network` on `rows`; returns the objective after it and the number
    /// of iterations (optimizer steps) taken.
    public func step<Scalar: BLASScalar>(_ network: Network<Scalar>, rows: EvaluationSet<Double>) throws -> (loss: Double, iterations: Int) {
        let copy = try network.converted(to: Double.self, maxBatchSize: min(512, rows.rowCount))
        let hessian = try NetworkHessian(network: copy, rows: rows, mode: .evaluation)
        var x = Array(copy.parameters.buffer)
        let loss: Double, iterations: Int
        switch method {
        case .lbfgs:
            let result = try lbfgs.step(&x, objective: hessian.objective())
            loss = result.finalValue
            iterations = result.iterations
        case .newton:
            try memoryGuard.check(parameters: hessian.dimension)
            var gradient = [Double](repeating: 0, count: hessian.dimension)
            _ = gradient.withUnsafeMutableBufferPointer { hessian.lossAndGradient(into: $0) }
            let assembled = try hessian.assemble(memoryGuard: memoryGuard)
            let newton = try DampedNewton.step(hessian: assembled.matrix, gradient: gradient, damping: damping)
            for index in x.indices { x[index] += learningRate * newton.step[index] }
            loss = hessian.objective()(x).value
            iterations = 1
        }
        for index in x.indices { network.parameters[index] = Scalar(x[index]) }
        return (loss, iterations)
    }
}

extension Trainer {
    /// One epoch of a second-order method over all training rows (`trainingRowsDouble`, the same
    /// rows in Double): the update, then the usual end-of-epoch bookkeeping (metrics, early
    /// stopping, the history record). Frozen parameters stay fixed; a non-finite objective is a
    /// divergence.
    public func runSecondOrderEpoch(_ stepper: SecondOrderStepper, rows: EvaluationSet<Double>) throws -> EpochOutcome {
        let started = Date()
        let (loss, iterations) = try stepper.step(network, rows: rows)
        restoreFrozenParameters()
        globalStep += iterations
        optimizer.learningRate = stepper.learningRate
        guard loss.isFinite else {
            return .diverged(TrainingDivergence(epoch: completedEpochs + 1, step: globalStep, quantity: "loss", learningRate: stepper.learningRate))
        }
        nextBatch = 0
        epochLossSum = loss * Double(rows.rowCount)
        epochRows = rows.rowCount
        epochCorrect = 0
        if network.lossFunction.kind.isClassification, let accuracy = Evaluator.evaluate(network, on: trainingSet).accuracy {
            epochCorrect = Int((accuracy * Double(trainingSet.rowCount)).rounded())
            epochRows = trainingSet.rowCount
            epochLossSum = loss * Double(epochRows)
        }
        epochSeconds = Date().timeIntervalSince(started)
        return finishEpoch()
    }
}
