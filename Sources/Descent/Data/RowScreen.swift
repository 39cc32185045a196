/// The problems found in the rows of a file given to a trained model, column by column: for each
/// row, the first field that makes it unscorable whatever the policy (`hard`), and the feature
/// columns where it has a missing value (`missing`, which a fill policy can repair).
struct RowScreen {
    let table: CSVTable
    /// Row → the first column (file index) with a problem no policy repairs, and why.
    var hard: [Int: (column: Int, reason: UnscoredReason)] = [:]
    /// Row → the feature columns (file indices) where its value is missing.
    var missing: [Int: [Int]] = [:]

    init(table: CSVTable) { self.table = table }

    /// Screens a feature column and returns its scan (numbers with NaN for any text, or text).
    mutating func feature(_ column: FeatureEncoding.Column, at index: Int) -> ColumnScan {
        switch column.kind {
        case .numeric:
            for field in table.textFields[index] {
                if table.isMissing(field) { missing[field.row, default: []].append(index) } else { note(field.row, index, .nonNumericValue) }
            }
            return .numeric(values: table.numbers(column: index), textCount: 0, firstTextRow: nil)
        case .categorical:
            return screenText(at: index, known: Set(column.categories), unknown: .unknownCategory, missingIsHard: false)
        }
    }

    /// Scans a text column: a value not in `known` is the hard problem `unknown`; a missing value
    /// is `missingTarget` (hard) or a missing feature.
    mutating func screenText(at index: Int, known: Set<String>, unknown: UnscoredReason, missingIsHard: Bool) -> ColumnScan {
        let scan = ColumnScan.text(table, column: index)
        guard case let .text(values) = scan else { return scan }
        for (row, value) in values.enumerated() {
            if let value {
                if !known.contains(value) { note(row, index, unknown) }
            } else if missingIsHard {
                note(row, index, .missingTarget)
            } else {
                missing[row, default: []].append(index)
            }
        }
        return scan
    }

    /// Screens the target column (a missing or unknown target is a hard problem) and returns its scan.
    mutating func target(_ target: FeatureEncoding.Target, at index: Int) -> ColumnScan {
        if target.task == .regression || target.classValues != nil {
            for field in table.textFields[index] {
                note(field.row, index, table.isMissing(field) ? .missingTarget : .nonNumericValue)
            }
            let numbers = table.numbers(column: index)
            if let classValues = target.classValues {
                let known = Set(classValues)
                for row in 0..<numbers.count where !numbers[row].isNaN && !known.contains(numbers[row]) {
                    note(row, index, .unknownClass)
                }
            }
            return .numeric(values: numbers, textCount: 0, firstTextRow: nil)
        }
        return screenText(at: index, known: Set(target.classNames), unknown: .unknownClass, missingIsHard: true)
    }

    /// Records a hard problem unless the row already has one.
    mutating func note(_ row: Int, _ column: Int, _ reason: UnscoredReason) {
        if hard[row] == nil { hard[row] = (column, reason) }
    }

    /// The first row with any problem, its column and reason.
    func firstProblem() -> UnscoredRow? {
        let firstHard = hard.keys.min(), firstMissing = missing.keys.min()
        guard let row = [firstHard, firstMissing].compactMap({ $0 }).min() else { return nil }
        if row == firstHard, let problem = hard[row] { return unscored(row: row, column: problem.column, reason: problem.reason) }
        return unscored(row: row, column: missing[row]![0], reason: .missingValue)
    }

    /// The record of an unscored row.
    func unscored(row: Int, column: Int, reason: UnscoredReason) -> UnscoredRow {
        UnscoredRow(row: row, location: table.location(row: row, column: column), columnName: table.columnNames[column], reason: reason)
    }

    /// The error the `error` policy throws for `problem`.
    func error(for problem: UnscoredRow, encoding: FeatureEncoding) -> DataError {
        let column = table.columnIndex(named: problem.columnName) ?? 0
        let value = table.trimmedString(row: problem.row, column: column)
        let affected = Set(hard.keys).union(missing.keys).count
        switch problem.reason {
        case .missingValue, .missingTarget:
            return .missingValues(problem.location, columnName: problem.columnName, affectedRows: affected)
        case .nonNumericValue:
            return .nonNumericValue(problem.location, columnName: problem.columnName, value: value)
        case .unknownCategory:
            let known = encoding.columns.first { $0.name == problem.columnName }?.categories ?? []
            return .unknownCategory(problem.location, columnName: problem.columnName, value: value, known: known)
        case .outOfRange:
            return .valueOutOfRange(problem.location, columnName: problem.columnName)
        case .unknownClass:
            return .unknownCategory(problem.location, columnName: problem.columnName, value: value, known: encoding.target.classNames)
        }
    }
}
