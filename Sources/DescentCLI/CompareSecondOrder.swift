import ArgumentParser
import Descent
import Linalg

/// The full-batch contestants of a race: L-BFGS and Newton run through `SecondOrderStepper`, one
/// update per epoch over all training rows, from the same initial weights as the first-order rules
/// of the same seed (the same `RunConstruction.trainer`). Minibatch order does not apply to them.
extension CompareRace {
    /// Refuses, before any run, a second-order contestant the model does not allow: batch norm or
    /// dropout (the objective must be a fixed function of θ), or for Newton a Hessian beyond the
    /// memory limit. Throws `CLIUsageError` naming the flag to change.
    func preflight(_ contestants: [CompareContestant], spec: NetworkSpec, prepared: PreparedData) throws {
        let methods = contestants.compactMap(\.secondOrderMethod)
        guard !methods.isEmpty else { return }
        let trainer: Trainer<Scalar> = try RunConstruction.trainer(
            spec: spec, settings: settings(.secondOrder(methods[0]), learningRate: 1, epochs: 1), prepared: prepared,
            seed: command.seedList[0])
        for method in methods {
            if let reason = SecondOrderStepper.unsupportedReason(trainer.network) {
                throw CLIUsageError(description: "--optimizers \(method.rawValue) is full-batch on a fixed objective; "
                    + "the model has \(reason): drop --batch-norm/--dropout or \(method.rawValue)")
            }
            if method == .newton {
                do {
                    try HessianMemoryGuard().check(parameters: trainer.network.layout.count)
                } catch {
                    throw CLIUsageError(description: "--optimizers newton: \(error); race lbfgs instead, or use smaller --layers")
                }
            }
        }
    }

    /// The stepper of `method` and the training rows in Double it steps on (all of them, every epoch).
    func secondOrder(_ method: SecondOrderMethod, learningRate: Double, prepared: PreparedData) throws
        -> (stepper: SecondOrderStepper, rows: EvaluationSet<Double>) {
        let stepper = try SecondOrderStepper(method: method, learningRate: learningRate, damping: command.damping,
                                             iterationsPerEpoch: command.lbfgsIterations)
        return (stepper, EvaluationSet<Double>(dataset: prepared.dataset, rows: prepared.split.training))
    }
}
