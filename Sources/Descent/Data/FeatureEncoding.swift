import Dispatch
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

    /// Builds the data set from scanned columns, applying the missing-value policy, or keeping
    /// exactly `chosenRows` (rows already screened; `filled` of them hold missing values to fill).
    func assemble(_ table: CSVTable, featureColumns: [Int], targetColumn: Int?, scans: [Int: ColumnScan],
                  chosenRows: (rows: [Int], filled: Int)? = nil) throws(DataError) -> Dataset {
        var chosen = chosenRows
        if chosen == nil { chosen = try rowsKept(table, featureColumns: featureColumns, targetColumn: targetColumn, scans: scans) }
        let (keptRows, affectedRows) = chosen!
        return try assembleRows(table, featureColumns: featureColumns, targetColumn: targetColumn, scans: scans,
                                keptRows: keptRows, affectedRows: affectedRows)
    }

    /// The rows the missing-value policy keeps, and how many rows hold a missing value; throws the
    /// first missing value under the `error` policy.
    func rowsKept(_ table: CSVTable, featureColumns: [Int], targetColumn: Int?,
                  scans: [Int: ColumnScan]) throws(DataError) -> (rows: [Int], filled: Int) {
        let usedColumns = featureColumns + (targetColumn.map { [$0] } ?? [])
        // Which rows hold a missing value (one pass per column), and the first one for the error policy.
        var rowHasMissing = [Bool](repeating: false, count: table.rowCount)
        var firstMissing: (row: Int, column: Int)?
        for column in usedColumns {
            let scan = scans[column]!
            var firstRow: Int?
            rowHasMissing.withUnsafeMutableBufferPointer { flags in
                switch scan {
                case let .numeric(values, _, _):
                    // A number is never NaN: a column without text fields has nothing missing.
                    guard !table.textFields[column].isEmpty else { return }
                    values.withUnsafeBufferPointer { values in
                        for row in 0..<flags.count where values[row].isNaN {
                            flags[row] = true
                            if firstRow == nil { firstRow = row }
                        }
                    }
                case let .text(values):
                    for row in 0..<flags.count where values[row] == nil {
                        flags[row] = true
                        if firstRow == nil { firstRow = row }
                    }
                }
            }
            if let row = firstRow, firstMissing == nil || row < firstMissing!.row { firstMissing = (row, column) }
        }
        let targetScan = targetColumn.map { scans[$0]! }
        var keptRows: [Int] = []
        keptRows.reserveCapacity(table.rowCount)
        var affectedRows = 0
        for row in 0..<table.rowCount {
            guard rowHasMissing[row] else { keptRows.append(row); continue }
            affectedRows += 1
            switch missingValues {
            case .error, .drop:
                continue
            case .mean, .median:
                if let targetScan, targetScan.isMissing(row) { continue }
                keptRows.append(row)
            }
        }
        if missingValues == .error, let (row, column) = firstMissing {
            throw .missingValues(table.location(row: row, column: column), columnName: table.columnNames[column],
                                 affectedRows: affectedRows)
        }
        return (keptRows, affectedRows)
    }

    /// The data set of `keptRows`, missing numbers and categories replaced by the fill values.
    func assembleRows(_ table: CSVTable, featureColumns: [Int], targetColumn: Int?, scans: [Int: ColumnScan],
                      keptRows: [Int], affectedRows: Int) throws(DataError) -> Dataset {
        let featureCount = self.featureCount
        try TableMemoryCheck.check(file: table.source, what: "the encoded features", rows: keptRows.count, columns: featureCount)
        // Numeric columns are copied in blocks of rows so that the row-major block being written
        // stays in cache while every column is read in order.
        var numericColumns: [(values: NumericColumn, offset: Int, fill: Double)] = []
        var offset = 0
        for (column, index) in zip(columns, featureColumns) {
            if column.kind == .numeric, case let .numeric(values, _, _) = scans[index]! {
                numericColumns.append((values, offset, column.numericFill ?? 0))
            }
            offset += column.kind == .numeric ? 1 : column.categories.count
        }
        let allRowsKept = keptRows.count == table.rowCount
        func fillNumeric(_ output: UnsafeMutableBufferPointer<Double>) {
            let outputBase = SendableDoubles(pointer: output.baseAddress)
            let blockSize = 256
            let blockCount = (keptRows.count + blockSize - 1) / blockSize
            // Large tables are copied by several threads, each over its own run of row blocks.
            let threads = keptRows.count >= 1 << 15 ? min(CSVReadOptions().resolvedThreads, blockCount) : 1
            let blocksPerThread = (blockCount + max(threads, 1) - 1) / max(threads, 1)
            let numericColumns = numericColumns
            keptRows.withUnsafeBufferPointer { kept in
                let kept = SendableInts(buffer: kept)
                let copy: @Sendable (Int) -> Void = { part in
                    guard let output = outputBase.pointer else { return }
                    let firstBlock = part * blocksPerThread, lastBlock = min(firstBlock + blocksPerThread, blockCount)
                    for block in firstBlock..<max(firstBlock, lastBlock) {
                        let blockStart = block * blockSize
                        let blockEnd = min(blockStart + blockSize, kept.buffer.count)
                        for column in numericColumns {
                            column.values.withUnsafeBufferPointer { values in
                                var slot = blockStart * featureCount + column.offset
                                for outputRow in blockStart..<blockEnd {
                                    let value = values[allRowsKept ? outputRow : kept.buffer[outputRow]]
                                    output[slot] = value.isNaN ? column.fill : value
                                    slot += featureCount
                                }
                            }
                        }
                    }
                }
                if threads > 1 {
                    DispatchQueue.concurrentPerform(iterations: threads, execute: copy)
                } else {
                    copy(0)
                }
            }
        }
        var features: [Double]
        if numericColumns.count == featureCount {
            // Every slot is written: no need to zero the buffer first.
            features = [Double](unsafeUninitializedCapacity: keptRows.count * featureCount) { buffer, count in
                fillNumeric(buffer)
                count = buffer.count
            }
        } else {
            features = [Double](repeating: 0, count: keptRows.count * featureCount)
            features.withUnsafeMutableBufferPointer { fillNumeric($0) }
        }
        offset = 0
        for (column, index) in zip(columns, featureColumns) {
            switch (column.kind, scans[index]!) {
            case (.numeric, .numeric):
                offset += 1
            case let (.categorical, .text(values)):
                var positions: [String: Int] = [:]
                for (position, category) in column.categories.enumerated() { positions[category] = position }
                for (outputRow, row) in keptRows.enumerated() {
                    guard let value = values[row] ?? column.categoryFill else { continue }
                    guard let position = positions[value] else {
                        throw .unknownCategory(table.location(row: row, column: index), columnName: column.name,
                                               value: value, known: column.categories)
                    }
                    features[outputRow * featureCount + offset + position] = 1
                }
                offset += column.categories.count
            default:
                preconditionFailure("column \(column.name) scanned as the wrong kind")
            }
        }

        var classIndices: [Int32] = []
        var targetValues: [Double] = []
        if let targetColumn {
            switch (target.task, scans[targetColumn]!) {
            case let (.regression, .numeric(values, _, _)):
                targetValues = keptRows.map { values[$0] }
            case let (.classification, .numeric(values, _, _)):
                // Binary search over the class values in increasing order (cheaper than hashing every row).
                let sorted = (target.classValues ?? []).enumerated().map { (value: $0.element, position: Int32($0.offset)) }
                    .sorted { $0.value < $1.value }
                func position(of value: Double) -> Int32? {
                    var low = 0, high = sorted.count
                    while low < high {
                        let middle = (low + high) / 2
                        if sorted[middle].value < value { low = middle + 1 } else { high = middle }
                    }
                    return low < sorted.count && sorted[low].value == value ? sorted[low].position : nil
                }
                classIndices.reserveCapacity(keptRows.count)
                for row in keptRows {
                    guard let position = position(of: values[row]) else {
                        throw .unknownCategory(table.location(row: row, column: targetColumn), columnName: target.name,
                                               value: table.trimmedString(row: row, column: targetColumn), known: target.classNames)
                    }
                    classIndices.append(position)
                }
            case let (.classification, .text(values)):
                var positions: [String: Int32] = [:]
                for (position, name) in target.classNames.enumerated() { positions[name] = Int32(position) }
                classIndices.reserveCapacity(keptRows.count)
                for row in keptRows {
                    let value = values[row] ?? ""
                    guard let position = positions[value] else {
                        throw .unknownCategory(table.location(row: row, column: targetColumn), columnName: target.name,
                                               value: value, known: target.classNames)
                    }
                    classIndices.append(position)
                }
            default:
                preconditionFailure("target scanned as the wrong kind")
            }
        }
        return Dataset(source: table.source, features: features, rowCount: keptRows.count,
                       hasTarget: targetColumn != nil, classIndices: classIndices, targetValues: targetValues,
                       encoding: self, sourceLines: allRowsKept ? table.rowLines : keptRows.map { table.line(ofRow: $0) },
                       rowsWithMissingValues: affectedRows)
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

/// The feature buffer, shared by the threads that fill it; each writes only its own rows.
private struct SendableDoubles: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>?
}

/// The kept rows, read by the threads that fill the features.
private struct SendableInts: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Int>
}
