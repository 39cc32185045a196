import ArgumentParser
import Descent

/// One entry of `descent compare --optimizers`.
///
/// Today every contestant is a first-order rule that the `Trainer` runs minibatch by minibatch.
/// Second-order methods (L-BFGS, Newton) are full-batch and take a different loop: add them as
/// new cases here, accept their names in `init(name:)` (which now rejects `lbfgs` and `newton`
/// as "not available yet"), give them a default rate in `defaultConfiguration`, and run them in
/// `CompareRace.runOne` where it switches on the contestant, producing the same `CompareRun`. The rest of the race (seeds, shared initial weights, history, statistics,
/// table, JSON, plot) works per contestant and needs no change.
enum CompareContestant: Equatable {
    /// A rule of `Sources/Descent/Optim` trained by minibatches.
    case firstOrder(OptimizerKind)

    /// The contestant called `name` on the command line.
    init(name: String) throws {
        if let kind = OptimizerKind(rawValue: name.lowercased()) {
            self = .firstOrder(kind)
            return
        }
        if ["lbfgs", "l-bfgs", "newton"].contains(name.lowercased()) {
            throw ValidationError("--optimizers: '\(name)' is not available yet (it arrives with the curvature work); "
                + "choose from sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")
        }
        throw ValidationError("--optimizers: '\(name)' is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")
    }

    /// The name in tables, files and JSON.
    var name: String {
        switch self {
        case let .firstOrder(kind): kind.rawValue
        }
    }

    /// The rule's settings with its default learning rate (PyTorch's defaults).
    var defaultConfiguration: OptimizerConfiguration {
        switch self {
        case let .firstOrder(kind): .defaults(for: kind)
        }
    }
}

/// The learning rates of `descent compare --lr`: one for every contestant, or some by name.
struct CompareLearningRates {
    /// A rate for every contestant (`--lr 0.01`).
    var all: Double?
    /// Rates by contestant name (`--lr sgd=0.1,adam=1e-3`).
    var byName: [String: Double] = [:]

    /// Parses `text` ("0.01" or "sgd=0.1,adam=1e-3"), checking that each name is raced.
    init(parsing text: String?, contestants: [CompareContestant]) throws {
        guard let text else { return }
        if let value = Double(text.trimmingCharacters(in: .whitespaces)) {
            guard value.isFinite && value > 0 else { throw ValidationError("--lr must be positive, got \(text)") }
            all = value
            return
        }
        for part in DataOptions.list(text) {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, let value = Double(pieces[1]) else {
                throw ValidationError("--lr takes one rate (0.01) or rule=rate pairs (sgd=0.1,adam=1e-3); '\(part)' is neither")
            }
            guard value.isFinite && value > 0 else { throw ValidationError("--lr \(pieces[0]) must be positive, got \(pieces[1])") }
            guard contestants.contains(where: { $0.name == pieces[0].lowercased() }) else {
                throw ValidationError("--lr names '\(pieces[0])', which is not in --optimizers")
            }
            byName[pieces[0].lowercased()] = value
        }
    }

    /// The rate given for `contestant`, if any.
    func rate(for contestant: CompareContestant) -> Double? { byName[contestant.name] ?? all }
}
