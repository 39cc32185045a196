import Linalg

extension Network {
    /// A copy of this network in another scalar type (typically a Float-trained model in Double for
    /// curvature analysis): same modules, loss (with its class weights), penalties, parameters (rounded once), BatchNorm
    /// running statistics and batch counters, and Dropout generator; workspaces for `maxBatchSize`
    /// rows (default: this network's).
    public func converted<Other: BLASScalar>(to type: Other.Type, maxBatchSize: Int? = nil) throws(ModelError) -> Network<Other> {
        var random = RandomGenerator(seed: 0)
        let copy = try Network<Other>(inputCount: inputCount, layers: layerSpecs, loss: lossFunction.kind,
                                      initializer: .pytorchDefault, maxBatchSize: maxBatchSize ?? self.maxBatchSize, random: &random)
        for index in 0..<parameters.count { copy.parameters[index] = Other(parameters[index]) }
        copy.regularization = regularization
        try copy.lossFunction.setClassWeights(lossFunction.classWeights)
        copy.dropoutRandom = dropoutRandom
        for (source, target) in zip(layers, copy.layers) {
            if case let .batchNorm(from) = source, case let .batchNorm(to) = target {
                for feature in 0..<from.featureCount {
                    to.runningMean[feature] = Other(from.runningMean[feature])
                    to.runningVariance[feature] = Other(from.runningVariance[feature])
                }
                to.batchesTracked = from.batchesTracked
            }
        }
        return copy
    }
}
