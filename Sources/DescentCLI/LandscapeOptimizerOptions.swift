import ArgumentParser
import Descent

/// The first-order settings of `descent landscape` (test-function mode), each for every rule that
/// has it or per rule: `--eps 1e-7`, `--eps adagrad=1e-7,adam=1e-8`, `--eps 1e-8,adagrad=1e-7` — so
/// d2l's, Keras' and CS231n's conventions can be reproduced (Keras' AdaGrad uses ε = 1e-7, PyTorch's
/// 1e-10; CS231n's RMSprop decay 0.99 is PyTorch's α).
struct LandscapeOptimizerOptions: ParsableArguments {
    @Option(help: "Momentum ρ: one value (momentum, nesterov) or per rule (momentum=0.9,sgd=0.5,rmsprop=0.9). Default 0.9 for momentum and nesterov.")
    var momentum: String?

    @Option(help: "SGD dampening τ (sgd, momentum), one value or per rule.")
    var dampening: String?

    @Option(help: "Adam/AdamW betas β1,β2 (e.g. 0.9,0.999), or per rule with ':' (adam=0.9:0.999,adamw=0.8:0.99).")
    var betas: String?

    @Option(help: "The ε of the denominators (adagrad, rmsprop, adam, adamw), one value or per rule (adagrad=1e-7).")
    var eps: String?

    @Option(help: "Weight decay (every first-order rule; decoupled for adamw), one value or per rule.")
    var weightDecay: String?

    @Option(help: "RMSprop smoothing constant α (default 0.99).")
    var alpha: String?

    @Option(help: "AdaGrad initial accumulator value.")
    var initialAccumulator: String?

    @Option(help: "AdaGrad learning-rate decay.")
    var lrDecay: String?

    @Flag(help: "RMSprop: normalize by the centered second moment.")
    var centered = false

    @Flag(help: "Adam/AdamW: the AMSGrad variant.")
    var amsgrad = false

    /// The flags given, for refusing them where they do not apply (a network's landscape).
    var given: [String] {
        settings.filter { $0.text != nil }.map(\.flag) + (betas != nil ? ["--betas"] : []) + (centered ? ["--centered"] : [])
            + (amsgrad ? ["--amsgrad"] : [])
    }

    /// A setting: its flag, the rules it applies to (a bare value reaches `defaults` of them), and how it is set.
    struct Setting {
        let flag: String
        let text: String?
        let rules: [OptimizerKind]
        let defaults: [OptimizerKind]
        let apply: (inout OptimizerConfiguration, Double) -> Void
    }

    var settings: [Setting] {
        let all: [OptimizerKind] = [.sgd, .momentum, .nesterov, .adagrad, .rmsprop, .adam, .adamw]
        return [
            Setting(flag: "--momentum", text: momentum, rules: [.sgd, .momentum, .nesterov, .rmsprop], defaults: [.momentum, .nesterov]) { $0.momentum = $1 },
            Setting(flag: "--dampening", text: dampening, rules: [.sgd, .momentum], defaults: [.sgd, .momentum]) { $0.dampening = $1 },
            Setting(flag: "--eps", text: eps, rules: [.adagrad, .rmsprop, .adam, .adamw], defaults: [.adagrad, .rmsprop, .adam, .adamw]) { $0.eps = $1 },
            Setting(flag: "--weight-decay", text: weightDecay, rules: all, defaults: all) { $0.weightDecay = $1 },
            Setting(flag: "--alpha", text: alpha, rules: [.rmsprop], defaults: [.rmsprop]) { $0.alpha = $1 },
            Setting(flag: "--initial-accumulator", text: initialAccumulator, rules: [.adagrad], defaults: [.adagrad]) { $0.initialAccumulatorValue = $1 },
            Setting(flag: "--lr-decay", text: lrDecay, rules: [.adagrad], defaults: [.adagrad]) { $0.lrDecay = $1 },
        ]
    }

    /// The values of one flag: a common one and some by rule; a usage error naming the flag.
    static func values(_ text: String, flag: String, rules: [OptimizerKind]) throws -> (common: String?, byRule: [OptimizerKind: String]) {
        var common: String?, byRule: [OptimizerKind: String] = [:]
        for item in DataOptions.list(text) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count <= 2, !(parts.last ?? "").isEmpty else { throw ValidationError("\(flag): '\(item)' is neither a value nor RULE=VALUE") }
            guard parts.count == 2 else {
                guard common == nil else { throw ValidationError("\(flag) takes at most one value without a rule name, got '\(text)'") }
                common = parts[0]
                continue
            }
            guard let kind = OptimizerKind(rawValue: parts[0].lowercased()) else {
                throw ValidationError("\(flag): '\(parts[0])' is not a first-order rule (sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw)")
            }
            guard rules.contains(kind) else {
                throw ValidationError("\(flag) \(item): \(kind.rawValue) has no such setting; it applies to \(rules.map(\.rawValue).joined(separator: ", "))")
            }
            byRule[kind] = parts[1]
        }
        return (common, byRule)
    }

    /// A number of a flag's value.
    static func number(_ text: String, flag: String) throws -> Double {
        guard let value = Double(text), value.isFinite else { throw ValidationError("\(flag): '\(text)' is not a finite number") }
        return value
    }

    /// β1,β2 (a bare pair) or rule=β1:β2 items.
    func betaValues() throws -> (common: (Double, Double)?, byRule: [OptimizerKind: (Double, Double)]) {
        guard let betas else { return (nil, [:]) }
        func pair(_ text: String) throws -> (Double, Double) {
            let parts = text.split(whereSeparator: { $0 == ":" || $0 == "," }).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--betas takes β1,β2 (0.9,0.999) or rule=β1:β2, got '\(text)'") }
            return (try Self.number(parts[0], flag: "--betas"), try Self.number(parts[1], flag: "--betas"))
        }
        if !betas.contains("=") { return (try pair(betas), [:]) }
        let (common, named) = try Self.values(betas, flag: "--betas", rules: [.adam, .adamw])
        return (try common.map(pair), try named.mapValues(pair))
    }

    /// `methods` with every setting given applied to the first-order rules, each validated.
    func apply(to methods: [TrainingMethod]) throws -> [TrainingMethod] {
        let betas = try betaValues()
        return try methods.map { method in
            guard case var .firstOrder(c) = method else { return method }
            for setting in settings {
                guard let text = setting.text else { continue }
                let (common, named) = try Self.values(text, flag: setting.flag, rules: setting.rules)
                if let value = named[c.kind] ?? (setting.defaults.contains(c.kind) ? common : nil) {
                    setting.apply(&c, try Self.number(value, flag: setting.flag))
                }
            }
            if [.adam, .adamw].contains(c.kind), let pair = betas.byRule[c.kind] ?? betas.common { c.betas = pair }
            if centered && c.kind == .rmsprop { c.centered = true }
            if amsgrad && [.adam, .adamw].contains(c.kind) { c.amsgrad = true }
            do { try c.validate() } catch { throw ValidationError("\(c.kind.rawValue): \(error)") }
            return .firstOrder(c)
        }
    }
}
