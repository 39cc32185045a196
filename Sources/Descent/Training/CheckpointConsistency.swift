extension ModelDescription {
    /// Checks, before any network is allocated, that the parts of a checkpoint agree: the inputs
    /// are the encoding's features, the outputs its classes (1 for regression), the
    /// standardization has one mean and scale per feature, numeric class labels one per class, and
    /// the layers' parameters, Σₗ (nₗ₋₁·nₗ + nₗ), are no more than the values the file stores (a
    /// damaged description must not ask for gigabytes). Throws `CheckpointError` naming the mismatch.
    public func checkConsistent(with file: SafeTensorsFile, path: String) throws(CheckpointError) {
        let features = encoding.featureCount
        func fail(_ reason: String) -> CheckpointError { .incompatible(path: path, reason: reason) }
        guard spec.inputCount == features, spec.inputCount > 0 else {
            throw fail("the model takes \(spec.inputCount) inputs but its feature encoding gives \(features) features")
        }
        let classes = encoding.target.classNames.count
        let outputs = encoding.target.task == .classification ? classes : 1
        guard spec.outputCount == outputs, outputs > 0 else {
            throw fail("the model has \(spec.outputCount) outputs but its target needs \(outputs)")
        }
        if let values = encoding.target.classValues, values.count != classes {
            throw fail("\(values.count) class values for \(classes) class names")
        }
        guard standardizer.means.count == features, standardizer.scales.count == features else {
            throw fail("the standardization has \(standardizer.means.count) means and \(standardizer.scales.count) scales for \(features) features")
        }
        guard spec.hiddenSizes.allSatisfy({ $0 > 0 }) else { throw fail("hidden layer widths must be positive, found \(spec.hiddenSizes)") }
        let stored = file.tensors.reduce(0) { $0 + $1.values.count }
        var needed = 0, width = spec.inputCount
        for next in spec.hiddenSizes + [spec.outputCount] {
            let (weights, overflow) = width.multipliedReportingOverflow(by: next)
            let (layer, overflowSum) = weights.addingReportingOverflow(next)
            let (total, overflowTotal) = needed.addingReportingOverflow(layer)
            guard !overflow, !overflowSum, !overflowTotal, total <= stored else {
                throw fail("the layers \(([spec.inputCount] + spec.hiddenSizes + [spec.outputCount]).map(String.init).joined(separator: "-")) need more parameters than the \(stored) values the file holds")
            }
            needed = total
            width = next
        }
    }
}
