/// The data of a run: the file(s) read and encoded, the split, and the fitted standardization
/// already applied to every row.
public struct PreparedData: Sendable {
    /// Training, validation and test rows in one dataset (separate validation/test files appended).
    public var dataset: Dataset
    /// Which rows are which.
    public var split: DatasetSplit
    /// The scaling fitted on the training rows (stored with the model so scoring repeats it).
    public var standardizer: Standardizer

    /// Prepared data from its parts (the dataset already scaled by `standardizer`).
    public init(dataset: Dataset, split: DatasetSplit, standardizer: Standardizer) {
        self.dataset = dataset
        self.split = split
        self.standardizer = standardizer
    }

    /// The network shape the data asks for: its features in, one output per class with
    /// cross-entropy (label smoothing ε), or one value with mean squared error for regression.
    public func spec(hiddenSizes: [Int], activation: ActivationKind = .relu, batchNorm: Bool = false, dropout: Double = 0,
                     initializer: Initializer = .kaimingUniform, labelSmoothing: Double = 0) -> NetworkSpec {
        let classification = dataset.task == .classification
        return NetworkSpec(inputCount: dataset.featureCount, hiddenSizes: hiddenSizes,
                           outputCount: classification ? dataset.classNames.count : 1,
                           activation: activation, batchNorm: batchNorm, dropout: dropout, initializer: initializer,
                           loss: classification ? .crossEntropy(labelSmoothing: labelSmoothing) : .meanSquaredError)
    }
}
