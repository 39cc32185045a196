import Linalg

extension EvaluationSet {
    /// Rows given directly: `features` row-major rowCount×featureCount, one class index per row
    /// (classification) or rowCount×outputs target values (regression), the other empty.
    public init(features: [Scalar], featureCount: Int, classIndices: [Int32] = [], targets: [Scalar] = []) {
        precondition(featureCount > 0 && features.count % featureCount == 0,
                     "EvaluationSet: \(features.count) values do not make rows of \(featureCount)")
        rowCount = features.count / featureCount
        self.featureCount = featureCount
        self.features = AlignedBuffer(features)
        self.classIndices = classIndices
        self.targets = AlignedBuffer(targets)
    }
}
