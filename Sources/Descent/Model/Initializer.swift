import Linalg

/// How a Linear layer's weights W [out, in] and bias b are drawn (seeded, from a `RandomGenerator`).
/// fan_in = in, fan_out = out; `gain` is the following activation's (`ActivationKind.gain`, 1 when
/// none), as `torch.nn.init.calculate_gain`.
/// - `xavierUniform`: W ~ U(−a, a), a = √(6/(fan_in + fan_out)) (Glorot & Bengio 2010; PyTorch's default gain 1).
/// - `xavierNormal`: W ~ N(0, 2/(fan_in + fan_out)).
/// - `kaimingUniform`: W ~ U(−a, a), a = gain·√(3/fan_in) (He et al. 2015, fan_in mode).
/// - `kaimingNormal`: W ~ N(0, gain²/fan_in).
/// - `pytorchDefault`: `nn.Linear`'s reset_parameters: W and b ~ U(−1/√fan_in, 1/√fan_in).
/// - `normal(standardDeviation:)`: W ~ N(0, σ²) — the lecture's `0.01·randn`, which makes the
///   activations of a deep net vanish.
/// Biases are zero except for `pytorchDefault`.
public enum Initializer: Sendable, Equatable {
    /// Glorot uniform.
    case xavierUniform
    /// Glorot normal.
    case xavierNormal
    /// He uniform with the activation's gain.
    case kaimingUniform
    /// He normal with the activation's gain.
    case kaimingNormal
    /// PyTorch's `nn.Linear` default.
    case pytorchDefault
    /// Plain normal weights with this standard deviation.
    case normal(standardDeviation: Double)

    /// Parses "xavier-uniform", "xavier-normal", "he-uniform"/"kaiming-uniform", "he-normal"/
    /// "kaiming-normal", "pytorch"/"default", or "normal:σ" (e.g. "normal:0.01").
    public init?(name: String) {
        let lowered = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch lowered {
        case "xavier-uniform", "glorot-uniform": self = .xavierUniform
        case "xavier-normal", "glorot-normal": self = .xavierNormal
        case "he-uniform", "kaiming-uniform": self = .kaimingUniform
        case "he-normal", "kaiming-normal": self = .kaimingNormal
        case "pytorch", "default", "pytorch-default": self = .pytorchDefault
        default:
            guard lowered.hasPrefix("normal:"), let sigma = Double(lowered.dropFirst("normal:".count)), sigma >= 0 else { return nil }
            self = .normal(standardDeviation: sigma)
        }
    }

    /// Fills `weights` (out·in values) and `bias` (out values).
    public func initialize<Scalar: BLASScalar>(
        weights: UnsafeMutableBufferPointer<Scalar>, bias: UnsafeMutableBufferPointer<Scalar>,
        fanIn: Int, fanOut: Int, gain: Double, random: inout RandomGenerator
    ) {
        let fanSum = Double(fanIn + fanOut)
        bias.update(repeating: 0)
        switch self {
        case .xavierUniform:
            let bound = Scalar((6 / fanSum).squareRoot())
            random.fillUniform(weights, low: -bound, high: bound)
        case .xavierNormal:
            random.fillNormal(weights, standardDeviation: Scalar((2 / fanSum).squareRoot()))
        case .kaimingUniform:
            let bound = Scalar(gain * (3 / Double(fanIn)).squareRoot())
            random.fillUniform(weights, low: -bound, high: bound)
        case .kaimingNormal:
            random.fillNormal(weights, standardDeviation: Scalar(gain / Double(fanIn).squareRoot()))
        case .pytorchDefault:
            let bound = Scalar(1 / Double(fanIn).squareRoot())
            random.fillUniform(weights, low: -bound, high: bound)
            random.fillUniform(bias, low: -bound, high: bound)
        case let .normal(sigma):
            random.fillNormal(weights, standardDeviation: Scalar(sigma))
        }
    }
}
