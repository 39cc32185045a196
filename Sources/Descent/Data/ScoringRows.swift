/// Why a row of a file given to a trained model could not be scored.
public enum UnscoredReason: String, Sendable, Codable, CaseIterable, Comparable {
    /// A feature is missing (empty, NA, N/A, NaN, null, ?) and no fill rule was asked for.
    case missingValue = "missing_value"
    /// A text feature holds a category the model did not see in training.
    case unknownCategory = "unknown_category"
    /// A numeric feature holds text that is not a number.
    case nonNumericValue = "non_numeric_value"
    /// The target is missing (only when scoring against the target, as evaluate does).
    case missingTarget = "missing_target"
    /// The target holds a class the model does not know.
    case unknownClass = "unknown_class"
    /// A value too large for the model: not finite once standardized.
    case outOfRange = "out_of_range"

    /// Declaration order.
    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One row that could not be scored: the first field that stopped it.
public struct UnscoredRow: Sendable, Equatable {
    /// The 0-based data row in the file.
    public var row: Int
    /// The field's place (`file:line:column`).
    public var location: SourceLocation
    /// The field's column name.
    public var columnName: String
    /// Why.
    public var reason: UnscoredReason
}

/// The rows of a file encoded for a trained model, with every row accounted for: the rows that
/// could be scored (`dataset`, in file order) and the ones that could not, with the reason.
public struct ScoringRows: Sendable {
    /// The rows that can be scored, encoded (not yet standardized).
    public var dataset: Dataset
    /// For each row of `dataset`, its 0-based data row in the file.
    public var inputRows: [Int]
    /// The number of data rows in the file.
    public var totalRows: Int
    /// The rows that could not be scored, in file order.
    public var unscored: [UnscoredRow]
    /// How many scored rows had a missing value filled.
    public var filledRows: Int

    /// How many unscored rows each reason accounts for, in the order of `UnscoredReason`.
    public var countsByReason: [(reason: UnscoredReason, rows: Int)] {
        var counts: [UnscoredReason: Int] = [:]
        for row in unscored { counts[row.reason, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension FeatureEncoding {
    /// Encodes every row of `table` that can be scored and accounts for the others: a row with a
    /// missing feature, a category not seen in training or text in a numeric column is left out
    /// and listed in `unscored` (with `useTarget`, also a missing or unknown target).
    ///
    /// `missing` says what to do with missing features: nil or `.drop` leave the rows out;
    /// `.mean` / `.median` fill them as training did — the fill values stored in the checkpoint
    /// when the model was trained with that policy, else (mean only) the standardization's means
    /// μⱼ (for a text column, the category whose one-hot mean, i.e. frequency, is highest) — and
    /// throw `fillValueNotStored` when neither is there; `.error` throws at the first problem.
    public func scoringRows(_ table: CSVTable, useTarget: Bool, missing: MissingValuePolicy?,
                            standardizer: Standardizer?) throws(DataError) -> ScoringRows {
        var featureColumns: [Int] = []
        for column in columns {
            guard let index = table.columnIndex(named: column.name) else {
                throw .missingColumn(file: table.source, name: column.name, available: table.columnNames)
            }
            featureColumns.append(index)
        }
        let targetColumn = useTarget ? table.columnIndex(named: target.name) : nil
        var screen = RowScreen(table: table)
        var scans: [Int: ColumnScan] = [:]
        for (column, index) in zip(columns, featureColumns) {
            scans[index] = screen.feature(column, at: index)
        }
        if let targetColumn { scans[targetColumn] = screen.target(target, at: targetColumn) }

        let fill = missing == .mean || missing == .median
        if missing == .error, let first = screen.firstProblem() { throw screen.error(for: first, encoding: self) }
        var kept: [Int] = [], filled = 0, unscored: [UnscoredRow] = []
        var columnsToFill: Set<Int> = []
        for row in 0..<table.rowCount {
            if let hard = screen.hard[row] {
                unscored.append(screen.unscored(row: row, column: hard.column, reason: hard.reason))
            } else if let missingColumns = screen.missing[row] {
                if fill {
                    kept.append(row)
                    filled += 1
                    columnsToFill.formUnion(missingColumns)
                } else {
                    unscored.append(screen.unscored(row: row, column: missingColumns[0], reason: .missingValue))
                }
            } else {
                kept.append(row)
            }
        }
        var encoding = self
        if fill, let missing {
            encoding = try filling(columns: columnsToFill, featureColumns: featureColumns, policy: missing,
                                   standardizer: standardizer, table: table)
        }
        var dataset = try encoding.assemble(table, featureColumns: featureColumns, targetColumn: targetColumn, scans: scans,
                                            chosenRows: (kept, filled))
        dataset.encoding = self
        return ScoringRows(dataset: dataset, inputRows: kept, totalRows: table.rowCount, unscored: unscored, filledRows: filled)
    }

    /// This encoding with fill values for the feature columns at file indices `columnsToFill`.
    func filling(columns columnsToFill: Set<Int>, featureColumns: [Int], policy: MissingValuePolicy,
                 standardizer: Standardizer?, table: CSVTable) throws(DataError) -> FeatureEncoding {
        var encoding = self
        var offset = 0
        for (position, index) in featureColumns.enumerated() {
            let column = columns[position]
            let width = column.kind == .numeric ? 1 : column.categories.count
            defer { offset += width }
            guard columnsToFill.contains(index) else { continue }
            let storedHere = missingValues == policy || column.kind == .categorical && (missingValues == .mean || missingValues == .median)
            if storedHere, column.numericFill != nil || column.categoryFill != nil { continue }
            guard policy == .mean, let standardizer, standardizer.mode != .none, standardizer.means.count >= offset + width else {
                throw .fillValueNotStored(policy: policy, columnName: column.name, trainedWith: missingValues)
            }
            if column.kind == .numeric {
                encoding.columns[position].numericFill = standardizer.means[offset]
            } else if let best = (0..<width).max(by: { standardizer.means[offset + $0] < standardizer.means[offset + $1] }) {
                encoding.columns[position].categoryFill = column.categories[best]
            }
        }
        return encoding
    }
}
