import Foundation

/// tanh from the C library, named so the enum case `.tanh` does not shadow it.
@usableFromInline func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }

/// An elementwise nonlinearity f with its first and second derivatives (the second for the
/// R-operator's backward pass), following PyTorch's definitions:
/// - ReLU: max(x, 0); f'(0) = 0 as in PyTorch.
/// - LeakyReLU: x for x > 0, slope·x otherwise (default slope 0.01); f'(0) = slope.
/// - Tanh: f' = 1 − f², f'' = −2f(1 − f²).
/// - Sigmoid σ = 1/(1 + e⁻ˣ): f' = σ(1 − σ), f'' = σ(1 − σ)(1 − 2σ).
/// - GELU, erf form: x·Φ(x), Φ(x) = ½(1 + erf(x/√2)); f' = Φ + x·φ, f'' = φ·(2 − x²), φ the normal density.
public enum ActivationKind: Sendable, Equatable, Hashable {
    /// max(x, 0).
    case relu
    /// x for x > 0, negativeSlope·x otherwise.
    case leakyReLU(negativeSlope: Double = 0.01)
    /// The hyperbolic tangent.
    case tanh
    /// The logistic sigmoid.
    case sigmoid
    /// The Gaussian error linear unit, exact (erf) form.
    case gelu

    /// Parses "relu", "leaky_relu" (or "leakyrelu", slope 0.01), "tanh", "sigmoid", "gelu".
    public init?(name: String) {
        switch name.lowercased() {
        case "relu": self = .relu
        case "leaky_relu", "leakyrelu", "leaky-relu": self = .leakyReLU()
        case "tanh": self = .tanh
        case "sigmoid": self = .sigmoid
        case "gelu": self = .gelu
        default: return nil
        }
    }

    /// PyTorch's module name ("ReLU", "LeakyReLU", "Tanh", "Sigmoid", "GELU").
    public var moduleName: String {
        switch self {
        case .relu: return "ReLU"
        case .leakyReLU: return "LeakyReLU"
        case .tanh: return "Tanh"
        case .sigmoid: return "Sigmoid"
        case .gelu: return "GELU"
        }
    }

    /// The recommended initialization gain, `torch.nn.init.calculate_gain`: ReLU √2,
    /// LeakyReLU √(2/(1 + slope²)), Tanh 5/3, Sigmoid 1; GELU (not in PyTorch's table) √2 like ReLU.
    public var gain: Double {
        switch self {
        case .relu, .gelu: return 2.0.squareRoot()
        case let .leakyReLU(slope): return (2 / (1 + slope * slope)).squareRoot()
        case .tanh: return 5.0 / 3.0
        case .sigmoid: return 1
        }
    }

    /// Whether f is piecewise linear (ReLU, LeakyReLU: f'' = 0, no libm).
    @inlinable
    public var isPiecewiseLinear: Bool {
        switch self {
        case .relu, .leakyReLU: return true
        case .tanh, .sigmoid, .gelu: return false
        }
    }

    /// f(x), f'(x), f''(x) in Double.
    @inlinable
    public func derivatives(at x: Double) -> (value: Double, first: Double, second: Double) {
        switch self {
        case .relu:
            return x > 0 ? (x, 1, 0) : (0, 0, 0)
        case let .leakyReLU(slope):
            return x > 0 ? (x, 1, 0) : (slope * x, slope, 0)
        case .tanh:
            let t = hyperbolicTangent(x)
            return (t, 1 - t * t, -2 * t * (1 - t * t))
        case .sigmoid:
            let s = 1 / (1 + exp(-x))
            return (s, s * (1 - s), s * (1 - s) * (1 - 2 * s))
        case .gelu:
            let cdf = 0.5 * (1 + erf(x * 0.7071067811865476))
            let density = exp(-0.5 * x * x) * 0.3989422804014327
            return (x * cdf, cdf + x * density, density * (2 - x * x))
        }
    }
}
