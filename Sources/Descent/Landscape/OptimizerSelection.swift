import Foundation

/// Reads the optimizer list and learning rates as `descent landscape` takes them:
///
///     --optimizers sgd,momentum,adam
///     --lr 0.01                      every optimizer
///     --lr sgd=0.01,adam=0.1         per optimizer; the others keep their default
///     --lr 0.01,adam=0.1             0.01 for all but adam
///
/// Every other setting takes `OptimizerConfiguration.defaults(for:)` (PyTorch's defaults).
public enum OptimizerSelection {
    /// One configuration per listed optimizer, in order. Throws `LandscapeError.invalidSetting`
    /// for an unknown or repeated optimizer name, a malformed or non-positive learning rate, or a
    /// per-optimizer rate for an optimizer not in the list.
    public static func configurations(optimizers: String, learningRates: String? = nil) throws(LandscapeError) -> [OptimizerConfiguration] {
        let validNames = OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")
        var kinds: [OptimizerKind] = []
        for name in optimizers.split(separator: ",", omittingEmptySubsequences: false).map(trimmed) {
            guard let kind = OptimizerKind(rawValue: name) else {
                throw .invalidSetting(setting: "optimizers", value: optimizers,
                                      expected: "a comma-separated list of \(validNames); \"\(name)\" is not one")
            }
            guard !kinds.contains(kind) else {
                throw .invalidSetting(setting: "optimizers", value: optimizers, expected: "each optimizer once; \(name) is repeated")
            }
            kinds.append(kind)
        }
        var configurations = kinds.map { OptimizerConfiguration.defaults(for: $0) }
        guard let learningRates else { return configurations }
        var common: Double?
        var specific: [OptimizerKind: Double] = [:]
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
            guard let kind = OptimizerKind(rawValue: parts[0]) else {
                throw .invalidSetting(setting: "lr", value: learningRates, expected: "optimizer names among \(validNames); \"\(parts[0])\" is not one")
            }
            guard kinds.contains(kind) else {
                throw .invalidSetting(setting: "lr", value: learningRates, expected: "rates only for the optimizers listed in --optimizers; \(kind.rawValue) is not listed")
            }
            specific[kind] = rate
        }
        for index in configurations.indices {
            if let rate = specific[configurations[index].kind] ?? common { configurations[index].learningRate = rate }
        }
        return configurations
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
