import ArgumentParser
import Descent

/// The values of `--activation` (listed by `--help`).
enum ActivationFlag: String, CaseIterable, ExpressibleByArgument {
    case relu, leaky_relu, tanh, sigmoid, gelu

    /// A value, case-insensitive, with the library's aliases ("leakyrelu", "leaky-relu").
    init?(argument: String) {
        guard let kind = ActivationKind(name: argument) else { return nil }
        switch kind {
        case .relu: self = .relu
        case .leakyReLU: self = .leaky_relu
        case .tanh: self = .tanh
        case .sigmoid: self = .sigmoid
        case .gelu: self = .gelu
        }
    }

    /// The library's activation (leaky ReLU with PyTorch's slope 0.01).
    var kind: ActivationKind { ActivationKind(name: rawValue) ?? .relu }
}

/// The values of `--schedule` (listed by `--help`).
enum ScheduleFlag: String, CaseIterable, ExpressibleByArgument {
    case constant, step, multistep, exponential
    case inverseTime = "inverse-time"
    case cosine
    case cosineRestarts = "cosine-restarts"
    case plateau
}
