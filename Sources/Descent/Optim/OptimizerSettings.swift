/// The settings of an update rule as a typed value: what checkpoints store (`Codable`) and reports
/// show (`description`). `Optimizer.settings` returns one; any optimizer — Descent's or one written
/// outside it — describes itself with its own type conforming to this. Descent's rules all use
/// `OptimizerConfiguration`.
public protocol OptimizerSettings: Codable, Sendable, CustomStringConvertible {}

extension OptimizerConfiguration: OptimizerSettings {
    /// The settings the rule reads as (PyTorch name, value) text pairs in PyTorch's order, for
    /// reports: `[("lr", "0.001"), ("betas", "[0.9, 0.999]"), …]` (numbers in Swift's shortest
    /// round-trip form).
    public var settingPairs: [(name: String, value: String)] {
        Self.keys(for: kind).map { key in
            switch key {
            case .name: return ("name", kind.rawValue)
            case .lr: return (key.rawValue, settingText(learningRate))
            case .momentum: return (key.rawValue, settingText(momentum))
            case .dampening: return (key.rawValue, settingText(dampening))
            case .nesterov: return (key.rawValue, "\(nesterov || kind == .nesterov)")
            case .betas: return (key.rawValue, "[\(settingText(betas.0)), \(settingText(betas.1))]")
            case .eps: return (key.rawValue, settingText(eps))
            case .alpha: return (key.rawValue, settingText(alpha))
            case .centered: return (key.rawValue, "\(centered)")
            case .amsgrad: return (key.rawValue, "\(amsgrad)")
            case .weightDecay: return (key.rawValue, settingText(weightDecay))
            case .lrDecay: return (key.rawValue, settingText(lrDecay))
            case .initialAccumulatorValue: return (key.rawValue, settingText(initialAccumulatorValue))
            }
        }
    }

    /// "lr 0.001, betas [0.9, 0.999], eps 1e-08, weight_decay 0.0, amsgrad false".
    public var description: String { settingPairs.map { "\($0.name) \($0.value)" }.joined(separator: ", ") }
}
