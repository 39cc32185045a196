import Linalg

/// Row indices of the parts of a data set.
public struct DatasetSplit: Sendable, Equatable {
    /// Rows to train on, ascending.
    public var training: [Int]
    /// Rows for validation (early stopping, curves), ascending; empty when the fraction is 0.
    public var validation: [Int]
    /// Rows held out for a final test, ascending; empty when the fraction is 0.
    public var test: [Int]
}

/// Splits a data set into training, validation and test rows, seeded and — for classification —
/// stratified: each class contributes round(fraction · nₖ) rows (at least one when the fraction is
/// positive) to validation and to test, so a file sorted by class (iris) is split fairly, never
/// "the last 20%". Regression shuffles all rows and cuts round(fraction · n).
public struct DatasetSplitter: Sendable, Equatable {
    /// The fraction of rows for validation, in [0, 1).
    public var validationFraction: Double
    /// The fraction of rows for the test part, in [0, 1).
    public var testFraction: Double
    /// Whether classification splits keep each class's proportion (true by default).
    public var stratified: Bool

    /// A splitter with the given fractions (defaults: 0.2 validation, no test part).
    public init(validationFraction: Double = 0.2, testFraction: Double = 0, stratified: Bool = true) {
        self.validationFraction = validationFraction
        self.testFraction = testFraction
        self.stratified = stratified
    }

    /// The split of `dataset`'s rows, drawn from `random`.
    public func split(_ dataset: Dataset, random: inout RandomGenerator) throws(DataError) -> DatasetSplit {
        try validateFractions()
        if dataset.task == .classification, stratified, !dataset.classIndices.isEmpty {
            var rowsByClass = [[Int]](repeating: [], count: dataset.classNames.count)
            for (row, label) in dataset.classIndices.enumerated() { rowsByClass[Int(label)].append(row) }
            var result = DatasetSplit(training: [], validation: [], test: [])
            for (label, rows) in rowsByClass.enumerated() where !rows.isEmpty {
                let part = try cut(rows, className: dataset.classNames[label], random: &random)
                result.training += part.training
                result.validation += part.validation
                result.test += part.test
            }
            result.training.sort()
            result.validation.sort()
            result.test.sort()
            return result
        }
        var part = try cut(Array(0..<dataset.rowCount), className: nil, random: &random)
        part.training.sort()
        part.validation.sort()
        part.test.sort()
        return part
    }

    private func validateFractions() throws(DataError) {
        guard validationFraction >= 0, validationFraction < 1 else {
            throw .invalidSplitFraction(part: .validation, value: validationFraction)
        }
        guard testFraction >= 0, testFraction < 1, validationFraction + testFraction < 1 else {
            throw .invalidSplitFraction(part: .test, value: testFraction)
        }
    }

    /// Shuffles `rows` and cuts validation, test and training parts, each non-empty when asked for.
    private func cut(_ rows: [Int], className: String?, random: inout RandomGenerator) throws(DataError) -> DatasetSplit {
        let count = rows.count
        func size(_ fraction: Double) -> Int {
            fraction == 0 ? 0 : max(1, Int((fraction * Double(count)).rounded()))
        }
        let validationCount = size(validationFraction), testCount = size(testFraction)
        let needed = 1 + (validationFraction > 0 ? 1 : 0) + (testFraction > 0 ? 1 : 0)
        guard count >= needed, validationCount + testCount < count else {
            throw .tooFewRowsForSplit(className: className, rows: count, needed: max(needed, validationCount + testCount + 1))
        }
        var shuffled = rows
        random.shuffle(&shuffled)
        return DatasetSplit(training: Array(shuffled[(validationCount + testCount)...]),
                            validation: Array(shuffled[0..<validationCount]),
                            test: Array(shuffled[validationCount..<(validationCount + testCount)]))
    }
}
