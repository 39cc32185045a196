/// Descent's rules describe themselves with `OptimizerConfiguration`: `settings` is the
/// configuration that `OptimizerConfiguration.makeOptimizer` turns back into the same rule, and
/// `name` is the `OptimizerKind`'s raw value.

extension SGD {
    /// `sgd`, `momentum` (momentum ≠ 0) or `nesterov`.
    public var name: String { kind.rawValue }

    /// The rule's settings.
    public var configuration: OptimizerConfiguration {
        var result = OptimizerConfiguration.defaults(for: kind)
        result.learningRate = learningRate
        result.momentum = momentum
        result.dampening = dampening
        result.weightDecay = weightDecay
        result.nesterov = nesterov
        return result
    }
}

extension AdaGrad {
    /// `adagrad`.
    public var name: String { kind.rawValue }

    /// The rule's settings.
    public var configuration: OptimizerConfiguration {
        var result = OptimizerConfiguration.defaults(for: .adagrad)
        result.learningRate = learningRate
        result.lrDecay = lrDecay
        result.weightDecay = weightDecay
        result.initialAccumulatorValue = initialAccumulatorValue
        result.eps = eps
        return result
    }
}

extension RMSprop {
    /// `rmsprop`.
    public var name: String { kind.rawValue }

    /// The rule's settings.
    public var configuration: OptimizerConfiguration {
        var result = OptimizerConfiguration.defaults(for: .rmsprop)
        result.learningRate = learningRate
        result.alpha = alpha
        result.eps = eps
        result.weightDecay = weightDecay
        result.momentum = momentum
        result.centered = centered
        return result
    }
}

extension Adam {
    /// `adam`.
    public var name: String { kind.rawValue }

    /// The rule's settings.
    public var configuration: OptimizerConfiguration {
        .adamFamily(.adam, learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}

extension AdamW {
    /// `adamw`.
    public var name: String { kind.rawValue }

    /// The rule's settings.
    public var configuration: OptimizerConfiguration {
        .adamFamily(.adamw, learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad)
    }
}

extension OptimizerConfiguration {
    /// The configuration of Adam or AdamW with these settings.
    static func adamFamily(_ kind: OptimizerKind, learningRate: Double, betas: (Double, Double), eps: Double,
                           weightDecay: Double, amsgrad: Bool) -> OptimizerConfiguration {
        var result = OptimizerConfiguration.defaults(for: kind)
        result.learningRate = learningRate
        result.betas = betas
        result.eps = eps
        result.weightDecay = weightDecay
        result.amsgrad = amsgrad
        return result
    }
}
