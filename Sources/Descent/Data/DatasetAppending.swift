extension Dataset {
    /// This data set followed by the rows of `other`, which must share the encoding (a validation or
    /// test file encoded with `encoding.encode`) and have targets if this one has.
    public func appending(_ other: Dataset) -> Dataset {
        precondition(other.featureCount == featureCount, "appending: \(other.featureCount) features, expected \(featureCount)")
        precondition(other.hasTarget == hasTarget, "appending: a data set without targets to one with them, or the reverse")
        return Dataset(source: source, features: features + other.features, rowCount: rowCount + other.rowCount,
                       hasTarget: hasTarget, classIndices: classIndices + other.classIndices,
                       targetValues: targetValues + other.targetValues, encoding: encoding,
                       sourceLines: sourceLines + other.sourceLines,
                       rowsWithMissingValues: rowsWithMissingValues + other.rowsWithMissingValues)
    }
}
