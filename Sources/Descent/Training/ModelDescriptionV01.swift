/// The model description as v0.1 wrote it (no format version, camelCase keys, the spec and the
/// optimizer as strings: `"activation": "leaky_relu"`, `"initializer": "normal:0.01"`,
/// `"optimizerSettings": {"betas": "[0.9, 0.999]"}`), read only to convert it.
struct ModelDescriptionV01: Decodable {
    var descentVersion: String
    var inputCount: Int
    var hiddenSizes: [Int]
    var outputCount: Int
    var activation: String
    var negativeSlope: Double?
    var batchNorm: Bool
    var dropout: Double
    var initializer: String
    var loss: String
    var labelSmoothing: Double
    var precision: Precision
    var encoding: FeatureEncoding
    var standardizer: Standardizer
    var optimizer: String
    var optimizerSettings: [String: String]
    var l2: Double
    var l1: Double
    var epoch: Int
    var step: Int
    var seed: UInt64

    /// The typed description; throws `CheckpointError.badMetadata` naming a value it cannot read.
    func description() throws(CheckpointError) -> ModelDescription {
        var activationKind = ActivationKind(name: activation)
        if activation == "leaky_relu" { activationKind = .leakyReLU(negativeSlope: negativeSlope ?? 0.01) }
        guard let activationKind else { throw .badMetadata(key: "activation", value: activation) }
        guard let initializerKind = Initializer(name: initializer) else { throw .badMetadata(key: "initializer", value: initializer) }
        let lossKind: LossKind
        switch loss {
        case "cross_entropy": lossKind = .crossEntropy(labelSmoothing: labelSmoothing)
        case "mse": lossKind = .meanSquaredError
        default: throw .badMetadata(key: "loss", value: loss)
        }
        let spec = NetworkSpec(inputCount: inputCount, hiddenSizes: hiddenSizes, outputCount: outputCount,
                               activation: activationKind, batchNorm: batchNorm, dropout: dropout,
                               initializer: initializerKind, loss: lossKind)
        let secondOrder = SecondOrderMethod(rawValue: optimizer)
        guard let configuration = OptimizerConfiguration(legacyName: secondOrder == nil ? optimizer : "sgd", settings: optimizerSettings)
        else { throw .badMetadata(key: "optimizerSettings", value: "\(optimizer) \(optimizerSettings.sorted { $0.key < $1.key })") }
        var result = ModelDescription(spec: spec, precision: precision, encoding: encoding, standardizer: standardizer,
                                      optimizer: configuration, secondOrderMethod: secondOrder,
                                      regularization: Regularization(l2: l2, l1: l1), epoch: epoch, step: step, seed: seed)
        result.formatVersion = 0
        result.descentVersion = descentVersion
        return result
    }
}
