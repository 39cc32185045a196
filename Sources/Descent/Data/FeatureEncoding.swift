/// How the columns of a CSV file become the numeric features and target of a `Dataset`: the kind of
/// each feature column, the categories of text columns (one-hot, in sorted order), the values that
/// fill missing entries, and the target's task and class names.
///
/// Fitted once on the training file by `Dataset(table:options:)`, stored in checkpoints as JSON
/// (`Codable`), and applied by `encode(_:)` to new files with the same columns (evaluate, predict),
/// where the target column may be absent.
public struct FeatureEncoding: Codable, Sendable, Equatable {
    /// One input column used as features.
    public struct Column: Codable, Sendable, Equatable {
        /// Numeric (one feature) or categorical (one one-hot feature per category).
        public enum Kind: String, Codable, Sendable {
            /// The values are numbers, used as they are.
            case numeric
            /// The values are text; each category becomes a 0/1 feature.
            case categorical
        }
        /// The column's name in the CSV header.
        public var name: String
        /// Numeric or categorical.
        public var kind: Kind
        /// The categories in one-hot order (sorted); empty for numeric columns.
        public var categories: [String]
        /// The value that replaces a missing number (mean or median policy).
        public var numericFill: Double?
        /// The category that replaces a missing text value (mean or median policy: the most frequent).
        public var categoryFill: String?

        /// The names of the features this column produces: `name`, or `name=category` for each category.
        public var featureNames: [String] {
            kind == .numeric ? [name] : categories.map { "\(name)=\($0)" }
        }
    }

    /// The target column and what its values mean.
    public struct Target: Codable, Sendable, Equatable {
        /// The column's name in the CSV header.
        public var name: String
        /// Classification or regression.
        public var task: DatasetTask
        /// Class names, sorted (by value when the labels are numbers); empty for regression.
        public var classNames: [String]
        /// The numeric label of each class when the target column held numbers; nil for text labels.
        public var classValues: [Double]?
    }

    /// The feature columns in feature order.
    public var columns: [Column]
    /// The target.
    public var target: Target
    /// The missing-value policy applied when encoding.
    public var missingValues: MissingValuePolicy

    /// The names of all features after one-hot encoding, in order.
    public var featureNames: [String] { columns.flatMap(\.featureNames) }
    /// The number of features after one-hot encoding.
    public var featureCount: Int { columns.reduce(0) { $0 + ($1.kind == .numeric ? 1 : $1.categories.count) } }

    /// Encodes a new table with the same columns (extra columns are ignored; the target may be absent).
    public func encode(_ table: CSVTable) throws(DataError) -> Dataset {
        var featureColumnIndices: [Int] = []
        for column in columns {
            guard let index = table.columnIndex(named: column.name) else {
                throw .missingColumn(file: table.source, name: column.name, available: table.columnNames)
            }
            featureColumnIndices.append(index)
        }
        let targetIndex = table.columnIndex(named: target.name)
        var scans: [Int: ColumnScan] = [:]
        for (column, index) in zip(columns, featureColumnIndices) {
            scans[index] = try column.kind == .numeric
                ? ColumnScan.numeric(table, column: index, requireNumbers: true)
                : ColumnScan.text(table, column: index)
        }
        if let targetIndex {
            if target.task == .regression || target.classValues != nil {
                scans[targetIndex] = try ColumnScan.numeric(table, column: targetIndex, requireNumbers: true)
            } else {
                scans[targetIndex] = ColumnScan.text(table, column: targetIndex)
            }
        }
        return try assemble(table, featureColumns: featureColumnIndices, targetColumn: targetIndex, scans: scans)
    }
}

/// One column read from a table: numbers (NaN where missing) or text (nil where missing).
enum ColumnScan {
    /// Numbers with NaN for missing values, how many fields were text, and the first text field's row.
    case numeric(values: NumericColumn, textCount: Int, firstTextRow: Int?)
    /// Trimmed text, nil for missing values.
    case text(values: [String?])

    func isMissing(_ row: Int) -> Bool {
        switch self {
        case let .numeric(values, _, _): return values[row].isNaN
        case let .text(values): return values[row] == nil
        }
    }

    /// A column's numbers (parsed while the file was read); with `requireNumbers`, a text value is a
    /// `nonNumericValue` error.
    static func numeric(_ table: CSVTable, column: Int, requireNumbers: Bool) throws(DataError) -> ColumnScan {
        var textCount = 0
        var firstTextRow: Int?
        for field in table.textFields[column] where !table.isMissing(field) {
            textCount += 1
            if firstTextRow == nil { firstTextRow = field.row }
        }
        if requireNumbers, let row = firstTextRow {
            throw .nonNumericValue(table.location(row: row, column: column), columnName: table.columnNames[column],
                                   value: table.string(row: row, column: column))
        }
        return .numeric(values: table.numbers(column: column), textCount: textCount, firstTextRow: firstTextRow)
    }

    /// Reads a column as trimmed text, nil for missing values.
    static func text(_ table: CSVTable, column: Int) -> ColumnScan {
        var values = [String?](repeating: nil, count: table.rowCount)
        let numbers = table.numbers(column: column)
        // Fields that were numbers: their text is found by re-reading the row.
        for row in 0..<table.rowCount where !numbers[row].isNaN {
            values[row] = table.trimmedString(row: row, column: column)
        }
        for field in table.textFields[column] where !table.isMissing(field) {
            values[field.row] = table.trimmedString(field)
        }
        return .text(values: values)
    }
}

/// One column of a table's parsed numbers (NaN where a field is not a number), read in place from
/// the table's column-major buffer without a copy.
struct NumericColumn: RandomAccessCollection, Sendable {
    /// The table's buffer.
    let storage: [Double]
    /// Where row 0 of the column is in `storage`.
    let offset: Int
    /// The number of rows.
    let count: Int

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(row: Int) -> Double {
        precondition(row >= 0 && row < count, "row out of range")
        return storage[offset + row]
    }

    /// Calls `body` with the column's values.
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset..<offset + count])) }
    }
}
