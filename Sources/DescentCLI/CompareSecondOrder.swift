import ArgumentParser
import Descent
import Linalg

/// The full-batch contestants of a race: L-BFGS and Newton, one update per epoch over all training
/// rows, from the same initial weights as the first-order rules of the same seed (the same
/// library `TrainingRun` construction). Minibatch order does not apply to them.
extension CompareRace {
    /// Refuses, before any run, a second-order contestant the model does not allow: batch norm or
    /// dropout (the objective must be a fixed function of θ), or for Newton a Hessian beyond the
    /// memory limit. Throws `CLIUsageError` naming the flag to change.
    func preflight(_ contestants: [TrainingMethod], spec: NetworkSpec, prepared: PreparedData) throws {
        for contestant in contestants where contestant.secondOrder != nil {
            _ = try TrainingRunFlags.mapping(flag: "--optimizers", dropAdvice: "drop --batch-norm/--dropout or \(contestant.name)",
                                             newtonAdvice: "race lbfgs instead, or use smaller --layers") {
                try trainingRun(contestant, learningRate: 1, seed: command.seedList[0], epochs: 1, spec: spec, prepared: prepared)
            }
        }
    }
}

/// What a race shows while one run trains: the progress bar, through `progress(epoch, done,
/// total)`. A stop is `Interrupt.requested`, the flag the signal handler sets.
final class CompareObserver: TrainingObserver {
    let progress: (Int, Int, Int) -> Void

    init(progress: @escaping (Int, Int, Int) -> Void) { self.progress = progress }

    func shouldStop() -> Bool { Interrupt.requested }

    func stepFinished(epoch: Int, done: Int, total: Int) { progress(epoch, done, total) }
}
