import ArgumentParser
import Descent

/// What `descent train --optimizer` accepts: a first-order rule (`OptimizerKind`, trained by
/// minibatches) or a full-batch second-order method (`SecondOrderMethod`).
enum OptimizerChoice: Equatable, ExpressibleByArgument, CustomStringConvertible {
    /// sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw.
    case firstOrder(OptimizerKind)
    /// lbfgs, newton.
    case secondOrder(SecondOrderMethod)

    init?(argument: String) {
        let name = argument.lowercased()
        if let kind = OptimizerKind(rawValue: name) {
            self = .firstOrder(kind)
        } else if let method = SecondOrderMethod(rawValue: name == "l-bfgs" ? "lbfgs" : name) {
            self = .secondOrder(method)
        } else {
            return nil
        }
    }

    var description: String {
        switch self {
        case let .firstOrder(kind): kind.rawValue
        case let .secondOrder(method): method.rawValue
        }
    }

    var defaultValueDescription: String { description }

    static var allValueStrings: [String] { OptimizerKind.allCases.map(\.rawValue) + SecondOrderMethod.allCases.map(\.rawValue) }

    /// The first-order rule, or nil for a second-order method.
    var firstOrderKind: OptimizerKind? {
        if case let .firstOrder(kind) = self { return kind }
        return nil
    }

    /// The second-order method, or nil for a first-order rule.
    var secondOrderMethod: SecondOrderMethod? {
        if case let .secondOrder(method) = self { return method }
        return nil
    }
}
