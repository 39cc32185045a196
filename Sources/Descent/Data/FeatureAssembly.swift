import Dispatch

/// Building a `Dataset` from a table's scanned columns: the rows the missing-value policy keeps,
/// the feature matrix (numeric columns copied, categories one-hot) and the target.
extension FeatureEncoding {
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
        let (rowHasMissing, firstMissing) = Self.missingRows(table, columns: usedColumns, scans: scans)
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

    /// Which rows hold a missing value in any of `columns` (one pass per column), and the first
    /// missing value (lowest row; for the `error` policy).
    static func missingRows(_ table: CSVTable, columns: [Int], scans: [Int: ColumnScan])
        -> (flags: [Bool], first: (row: Int, column: Int)?) {
        var rowHasMissing = [Bool](repeating: false, count: table.rowCount)
        var firstMissing: (row: Int, column: Int)?
        for column in columns {
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
        return (rowHasMissing, firstMissing)
    }

    /// The data set of `keptRows`, missing numbers and categories replaced by the fill values.
    func assembleRows(_ table: CSVTable, featureColumns: [Int], targetColumn: Int?, scans: [Int: ColumnScan],
                      keptRows: [Int], affectedRows: Int) throws(DataError) -> Dataset {
        let featureCount = self.featureCount
        try TableMemoryCheck.check(file: table.source, what: "the encoded features", rows: keptRows.count, columns: featureCount)
        let numericColumns = numericFeatureColumns(featureColumns: featureColumns, scans: scans)
        let allRowsKept = keptRows.count == table.rowCount
        var features: [Double]
        if numericColumns.count == featureCount {
            // Every slot is written: no need to zero the buffer first.
            features = [Double](unsafeUninitializedCapacity: keptRows.count * featureCount) { buffer, count in
                Self.copyNumeric(numericColumns, keptRows: keptRows, allRowsKept: allRowsKept, featureCount: featureCount,
                                 into: buffer)
                count = buffer.count
            }
        } else {
            features = [Double](repeating: 0, count: keptRows.count * featureCount)
            features.withUnsafeMutableBufferPointer {
                Self.copyNumeric(numericColumns, keptRows: keptRows, allRowsKept: allRowsKept, featureCount: featureCount,
                                 into: $0)
            }
        }
        try encodeCategories(table, featureColumns: featureColumns, scans: scans, keptRows: keptRows, into: &features)
        var classIndices: [Int32] = []
        var targetValues: [Double] = []
        if let targetColumn {
            (classIndices, targetValues) = try encodeTarget(table, column: targetColumn, scan: scans[targetColumn]!,
                                                            keptRows: keptRows)
        }
        return Dataset(source: table.source, features: features, rowCount: keptRows.count,
                       hasTarget: targetColumn != nil, classIndices: classIndices, targetValues: targetValues,
                       encoding: self, sourceLines: allRowsKept ? table.rowLines : keptRows.map { table.line(ofRow: $0) },
                       rowsWithMissingValues: affectedRows)
    }

    /// A numeric feature column, the feature it fills and the value that replaces a missing one.
    typealias NumericFeature = (values: NumericColumn, offset: Int, fill: Double)

    /// The numeric feature columns with their feature offsets (after one-hot encoding) and fills.
    func numericFeatureColumns(featureColumns: [Int], scans: [Int: ColumnScan]) -> [NumericFeature] {
        var numericColumns: [NumericFeature] = []
        var offset = 0
        for (column, index) in zip(columns, featureColumns) {
            if column.kind == .numeric, case let .numeric(values, _, _) = scans[index]! {
                numericColumns.append((values, offset, column.numericFill ?? 0))
            }
            offset += column.kind == .numeric ? 1 : column.categories.count
        }
        return numericColumns
    }

    /// Copies the numeric columns of `keptRows` into the row-major `output` (missing values filled).
    /// Columns are copied in blocks of rows so that the block being written stays in cache while
    /// every column is read in order; large tables by several threads, each over its own run of blocks.
    static func copyNumeric(_ numericColumns: [NumericFeature], keptRows: [Int], allRowsKept: Bool, featureCount: Int,
                            into output: UnsafeMutableBufferPointer<Double>) {
        let outputBase = SendableDoubles(pointer: output.baseAddress)
        let blockSize = 256
        let blockCount = (keptRows.count + blockSize - 1) / blockSize
        let threads = keptRows.count >= 1 << 15 ? min(CSVReadOptions().resolvedThreads, blockCount) : 1
        let blocksPerThread = (blockCount + max(threads, 1) - 1) / max(threads, 1)
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

    /// Sets the one-hot features of the categorical columns (missing values take the fill
    /// category); throws on a category not seen in training.
    func encodeCategories(_ table: CSVTable, featureColumns: [Int], scans: [Int: ColumnScan], keptRows: [Int],
                          into features: inout [Double]) throws(DataError) {
        var offset = 0
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
    }

    /// The target of `keptRows`: class indices (classification) or values (regression); throws on
    /// a class not seen in training.
    func encodeTarget(_ table: CSVTable, column targetColumn: Int, scan: ColumnScan,
                      keptRows: [Int]) throws(DataError) -> (classIndices: [Int32], values: [Double]) {
        let position: (Int) -> Int32?, text: (Int) -> String
        switch (target.task, scan) {
        case let (.regression, .numeric(values, _, _)):
            return ([], keptRows.map { values[$0] })
        case let (.classification, .numeric(values, _, _)):
            let classValues = SortedClassValues(target.classValues ?? [])
            position = { classValues.position(of: values[$0]) }
            text = { table.trimmedString(row: $0, column: targetColumn) }
        case let (.classification, .text(values)):
            var positions: [String: Int32] = [:]
            for (position, name) in target.classNames.enumerated() { positions[name] = Int32(position) }
            position = { positions[values[$0] ?? ""] }
            text = { values[$0] ?? "" }
        default:
            preconditionFailure("target scanned as the wrong kind")
        }
        var classIndices: [Int32] = []
        classIndices.reserveCapacity(keptRows.count)
        for row in keptRows {
            guard let found = position(row) else {
                throw .unknownCategory(table.location(row: row, column: targetColumn), columnName: target.name,
                                       value: text(row), known: target.classNames)
            }
            classIndices.append(found)
        }
        return (classIndices, [])
    }
}

/// A numeric target's class values in increasing order with their class positions: a binary
/// search per row (cheaper than hashing every row).
struct SortedClassValues {
    let sorted: [(value: Double, position: Int32)]

    init(_ classValues: [Double]) {
        sorted = classValues.enumerated().map { (value: $0.element, position: Int32($0.offset)) }.sorted { $0.value < $1.value }
    }

    /// The class position of `value`, or nil when it is not a class value.
    func position(of value: Double) -> Int32? {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].value < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low].value == value ? sorted[low].position : nil
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
