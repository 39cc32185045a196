import Foundation

/// Reads the optimizer list and learning rates as `descent landscape` takes them:
///
///     --optimizers sgd,momentum,adam,lbfgs,newton
///     --lr 0.01                      every first-order rule
///     --lr sgd=0.01,adam=0.1         per optimizer; the others keep their default
///     --lr 0.01,newton=0.5           0.01 for the first-order rules, 0.5 for newton
///
/// Every other setting of a first-order rule takes `OptimizerConfiguration.defaults(for:)`
/// (PyTorch's defaults). L-BFGS and Newton take lr 1 (the full step) unless named: a bare rate
/// tuned for gradient descent would only shorten their steps.
public enum OptimizerSelection {
    /// One method per listed name, in order; Newton with damping `damping`. Throws
    /// `LandscapeError.invalidSetting` for an unknown or repeated name, a malformed or
    /// non-positive learning rate, or a per-optimizer rate for an optimizer not in the list.
    public static func methods(optimizers: String, learningRates: String? = nil, damping: Double = 0) throws(LandscapeError) -> [LandscapeMethod] {
        let names = try names(optimizers)
        let (common, specific) = try rates(learningRates, names: names)
        return names.map { name in
            if let kind = OptimizerKind(rawValue: name) {
                var configuration = OptimizerConfiguration.defaults(for: kind)
                if let rate = specific[name] ?? common { configuration.learningRate = rate }
                return .firstOrder(configuration)
            }
            let method = SecondOrderMethod(rawValue: name) ?? .newton
            return .secondOrder(LandscapeSecondOrderSettings(method: method, learningRate: specific[name] ?? 1,
                                                             damping: method == .newton ? damping : 0))
        }
    }

    /// One first-order configuration per listed optimizer, in order; throws as `methods` does,
    /// and for a second-order method in the list.
    public static func configurations(optimizers: String, learningRates: String? = nil) throws(LandscapeError) -> [OptimizerConfiguration] {
        try methods(optimizers: optimizers, learningRates: learningRates).map { method throws(LandscapeError) in
            guard let configuration = method.configuration else {
                throw .invalidSetting(setting: "optimizers", value: optimizers, expected: "first-order rules only; \(method.name) is second-order")
            }
            return configuration
        }
    }

    static var validNames: String {
        (OptimizerKind.allCases.map(\.rawValue) + SecondOrderMethod.allCases.map(\.rawValue)).joined(separator: ", ")
    }

    /// The listed names, checked and without repeats ("l-bfgs" read as "lbfgs").
    static func names(_ optimizers: String) throws(LandscapeError) -> [String] {
        var names: [String] = []
        for raw in optimizers.split(separator: ",", omittingEmptySubsequences: false).map(trimmed) {
            let name = raw.lowercased() == "l-bfgs" ? "lbfgs" : raw.lowercased()
            guard OptimizerKind(rawValue: name) != nil || SecondOrderMethod(rawValue: name) != nil else {
                throw .invalidSetting(setting: "optimizers", value: optimizers,
                                      expected: "a comma-separated list of \(validNames); \"\(raw)\" is not one")
            }
            guard !names.contains(name) else {
                throw .invalidSetting(setting: "optimizers", value: optimizers, expected: "each optimizer once; \(raw) is repeated")
            }
            names.append(name)
        }
        return names
    }

    /// The rate without a name and the rates by name of `--lr`.
    static func rates(_ learningRates: String?, names: [String]) throws(LandscapeError) -> (common: Double?, specific: [String: Double]) {
        guard let learningRates else { return (nil, [:]) }
        var common: Double?
        var specific: [String: Double] = [:]
        for item in learningRates.split(separator: ",", omittingEmptySubsequences: false).map(trimmed) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map(trimmed)
            let rateText = parts.last ?? ""
            guard parts.count <= 2, let rate = Double(rateText), rate.isFinite, rate > 0 else {
                throw .invalidSetting(setting: "lr", value: learningRates,
                                      expected: "a rate > 0 or NAME=RATE pairs such as sgd=0.01,adam=0.1; \"\(item)\" is neither")
            }
            if parts.count == 1 {
                guard common == nil else {
                    throw .invalidSetting(setting: "lr", value: learningRates, expected: "at most one rate without a name")
                }
                common = rate
                continue
            }
            let name = parts[0].lowercased() == "l-bfgs" ? "lbfgs" : parts[0].lowercased()
            guard OptimizerKind(rawValue: name) != nil || SecondOrderMethod(rawValue: name) != nil else {
                throw .invalidSetting(setting: "lr", value: learningRates, expected: "optimizer names among \(validNames); \"\(parts[0])\" is not one")
            }
            guard names.contains(name) else {
                throw .invalidSetting(setting: "lr", value: learningRates, expected: "rates only for the optimizers listed in --optimizers; \(name) is not listed")
            }
            specific[name] = rate
        }
        return (common, specific)
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text).trimmingCharacters(in: .whitespaces)
    }
}

/// Reads a comma-separated list of exactly `count` numbers, such as `--start -1.2,1`.
public enum NumberList {
    /// The numbers of `text`; throws `LandscapeError.invalidSetting` naming `flag` unless there are
    /// exactly `count` finite numbers.
    public static func parse(_ text: String, count: Int, flag: String, meaning: String) throws(LandscapeError) -> [Double] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = items.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard items.count == count, numbers.count == count, numbers.allSatisfy(\.isFinite) else {
            throw .invalidSetting(setting: flag, value: text, expected: "\(count) finite numbers separated by commas (\(meaning))")
        }
        return numbers
    }
}
