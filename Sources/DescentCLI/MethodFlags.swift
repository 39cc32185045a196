import ArgumentParser
import Descent

/// The one reader of method lists and `NAME=RATE` lists, for every command that takes them
/// (`compare`, `landscape`):
///
///     --optimizers sgd,momentum,adam,lbfgs,newton
///     --lr 0.01                      one rate
///     --lr sgd=0.01,adam=0.1         per method
///     --lr 0.01,newton=0.5           a common rate and some by name
///
/// Each command decides how a common rate applies to second-order methods.
enum MethodFlags {
    /// Every name `--optimizer`/`--optimizers` accepts, for messages.
    static var validNames: String { MethodName.allCases.map(\.rawValue).joined(separator: ", ") }

    /// The methods of a comma-separated list, in order; a usage error naming `flag` for an empty
    /// list, an unknown name or a repeat.
    static func names(_ text: String, flag: String = "--optimizers") throws -> [MethodName] {
        var names: [MethodName] = []
        for item in DataOptions.list(text) {
            guard let name = MethodName(name: item) else { throw ValidationError("\(flag): '\(item)' is not one of \(validNames)") }
            guard !names.contains(name) else { throw ValidationError("\(flag) names '\(item)' twice") }
            names.append(name)
        }
        guard !names.isEmpty else { throw ValidationError("\(flag) needs at least one method, e.g. sgd,adam") }
        return names
    }

    /// The rates of `text` (nil: none given) for the methods `listed`; a usage error naming
    /// `flag` for a malformed or non-positive rate, two common rates, or a name not listed.
    static func rates(_ text: String?, listed: [MethodName], flag: String = "--lr") throws -> LearningRateChoice {
        var choice = LearningRateChoice()
        guard let text else { return choice }
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count <= 2, let rate = Double(parts.last ?? ""), rate.isFinite, rate > 0 else {
                throw ValidationError("\(flag) takes a rate > 0 (0.01) or NAME=RATE pairs (sgd=0.1,adam=1e-3); '\(item)' is neither")
            }
            guard parts.count == 2 else {
                guard choice.common == nil else { throw ValidationError("\(flag) takes at most one rate without a name, got '\(text)'") }
                choice.common = rate
                continue
            }
            guard let name = MethodName(name: parts[0]) else { throw ValidationError("\(flag): '\(parts[0])' is not one of \(validNames)") }
            guard listed.contains(name) else { throw ValidationError("\(flag) names '\(parts[0])', which is not in --optimizers") }
            choice.byName[name] = rate
        }
        return choice
    }
}

extension MethodName: ExpressibleByArgument {
    /// The method of a command-line value (case-insensitive, "l-bfgs" read as lbfgs).
    public init?(argument: String) { self.init(name: argument) }
}
