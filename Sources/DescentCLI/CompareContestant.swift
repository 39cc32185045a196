import ArgumentParser
import Descent

/// One entry of `descent compare --optimizers`: a first-order rule that the `Trainer` runs
/// minibatch by minibatch, or a full-batch second-order method (L-BFGS, Newton) that
/// `SecondOrderStepper` runs once per epoch. Both produce the same `CompareRun`, so the rest of the
/// race (seeds, shared initial weights, history, statistics, table, JSON, plot) is per contestant.
enum CompareContestant: Equatable {
    /// A rule of `Sources/Descent/Optim` trained by minibatches.
    case firstOrder(OptimizerKind)
    /// L-BFGS or damped Newton, full batch.
    case secondOrder(SecondOrderMethod)

    static let validNames = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lbfgs, newton"

    /// The contestant called `name` on the command line.
    init(name: String) throws {
        let lowered = name.lowercased()
        if let kind = OptimizerKind(rawValue: lowered) {
            self = .firstOrder(kind)
        } else if let method = SecondOrderMethod(rawValue: lowered == "l-bfgs" ? "lbfgs" : lowered) {
            self = .secondOrder(method)
        } else {
            throw ValidationError("--optimizers: '\(name)' is not one of \(Self.validNames)")
        }
    }

    /// The name in tables, files and JSON.
    var name: String {
        switch self {
        case let .firstOrder(kind): kind.rawValue
        case let .secondOrder(method): method.rawValue
        }
    }

    /// The rule's settings with its default learning rate (PyTorch's defaults). A second-order
    /// method's trainer carries SGD with lr 1 (its step scale; the rule itself is unused), as
    /// `descent train --optimizer lbfgs|newton` does.
    var defaultConfiguration: OptimizerConfiguration {
        switch self {
        case let .firstOrder(kind):
            return .defaults(for: kind)
        case .secondOrder:
            var configuration = OptimizerConfiguration.defaults(for: .sgd)
            configuration.learningRate = 1
            return configuration
        }
    }

    /// The second-order method, or nil for a first-order rule.
    var secondOrderMethod: SecondOrderMethod? {
        if case let .secondOrder(method) = self { return method }
        return nil
    }
}

/// One raced entry: a contestant, at its own batch size when `--batch-sizes` races them.
struct CompareEntry: Equatable {
    /// The rule.
    var contestant: CompareContestant
    /// The batch size raced (nil: --batch-size for all).
    var batchSize: Int?

    /// The name in tables, files and JSON: "sgd", or "sgd b16" when batch sizes are raced.
    var name: String { batchSize.map { "\(contestant.name) b\($0)" } ?? contestant.name }
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
