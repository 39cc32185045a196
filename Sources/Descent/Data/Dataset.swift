/// A table ready for training: numeric features (row-major, `rowCount × featureCount`, text columns
/// one-hot encoded) and a target (class indices or real values), with the `FeatureEncoding` that
/// made them so new files can be encoded the same way.
public struct Dataset: Sendable {
    /// The file the rows came from, for messages.
    public var source: String
    /// The features, row-major: feature j of row i is `features[i * featureCount + j]`.
    public var features: [Double]
    /// The number of rows.
    public var rowCount: Int
    /// Whether the file had the target column (a file given to `predict` may not).
    public var hasTarget: Bool
    /// The class index (into `classNames`) of each row, for classification; empty otherwise.
    public var classIndices: [Int32]
    /// The target value of each row, for regression; empty otherwise.
    public var targetValues: [Double]
    /// How the file's columns became these features and target.
    public var encoding: FeatureEncoding
    /// The line in the file on which each row starts, so predictions and messages can name rows.
    public var sourceLines: [Int]
    /// How many rows of the file had a missing value (dropped or filled, as the policy says).
    public var rowsWithMissingValues: Int
    /// Text feature columns whose values look like numbers in a form not read as numbers (decimal
    /// comma, currency, percent, thousands separators): one-hot encoded, but probably meant as numbers.
    public var numericLookingColumns: [NumericLookingColumn] = []

    /// The number of features per row after one-hot encoding.
    public var featureCount: Int { encoding.featureCount }
    /// The feature names after one-hot encoding (`column` or `column=category`).
    public var featureNames: [String] { encoding.featureNames }
    /// Classification or regression.
    public var task: DatasetTask { encoding.target.task }
    /// The class names, sorted; empty for regression.
    public var classNames: [String] { encoding.target.classNames }

    /// A data set from its parts (used by the encoders; features must hold `rowCount × featureCount` values).
    public init(source: String, features: [Double], rowCount: Int, hasTarget: Bool, classIndices: [Int32],
                targetValues: [Double], encoding: FeatureEncoding, sourceLines: [Int], rowsWithMissingValues: Int = 0) {
        precondition(features.count == rowCount * encoding.featureCount, "features must hold rowCount × featureCount values")
        self.source = source
        self.features = features
        self.rowCount = rowCount
        self.hasTarget = hasTarget
        self.classIndices = classIndices
        self.targetValues = targetValues
        self.encoding = encoding
        self.sourceLines = sourceLines
        self.rowsWithMissingValues = rowsWithMissingValues
    }

    /// The rows at `rows`, in that order.
    public func subset(_ rows: [Int]) -> Dataset {
        let width = featureCount
        var gathered = [Double](repeating: 0, count: rows.count * width)
        for (outputRow, row) in rows.enumerated() {
            for column in 0..<width { gathered[outputRow * width + column] = features[row * width + column] }
        }
        return Dataset(source: source, features: gathered, rowCount: rows.count, hasTarget: hasTarget,
                       classIndices: classIndices.isEmpty ? [] : rows.map { classIndices[$0] },
                       targetValues: targetValues.isEmpty ? [] : rows.map { targetValues[$0] },
                       encoding: encoding, sourceLines: rows.map { sourceLines[$0] },
                       rowsWithMissingValues: rowsWithMissingValues)
    }

    /// Reads a table into a data set, fitting the encoding: column kinds (a column is numeric when
    /// more of its values are numbers than text — then any text value is an error — and categorical
    /// otherwise), sorted categories, fill values for the missing-value policy, the task and the
    /// class names.
    public init(table: CSVTable, options: DatasetOptions = DatasetOptions()) throws(DataError) {
        let targetColumn = try Self.resolveTarget(options.target, in: table)
        let featureColumns = try Self.resolveFeatures(options, target: targetColumn, in: table)

        var scans: [Int: ColumnScan] = [:]
        var columns: [FeatureEncoding.Column] = []
        var numericLooking: [NumericLookingColumn] = []
        for index in featureColumns {
            let scan = try Self.scanInferringKind(table, column: index)
            scans[index] = scan
            let name = table.columnNames[index]
            switch scan {
            case .numeric:
                columns.append(.init(name: name, kind: .numeric, categories: [], numericFill: nil, categoryFill: nil))
            case let .text(values):
                let categories = Set(values.compactMap { $0 }).sorted()
                if categories.count > options.maxCategories {
                    throw .tooManyCategories(columnName: name, found: categories.count, maximum: options.maxCategories)
                }
                columns.append(.init(name: name, kind: .categorical, categories: categories, numericFill: nil, categoryFill: nil))
                if let note = NumericLookingColumn.detect(columnName: name, categories: categories) { numericLooking.append(note) }
            }
        }

        let targetName = table.columnNames[targetColumn]
        let (target, targetScan) = try Self.fitTarget(table, column: targetColumn, options: options)
        scans[targetColumn] = targetScan

        // Fill values, from the rows the policy keeps (all rows whose target is present).
        if options.missingValues == .mean || options.missingValues == .median {
            for (position, index) in featureColumns.enumerated() {
                let keep: (Int) -> Bool = { !targetScan.isMissing($0) }
                switch scans[index]! {
                case let .numeric(values, _, _):
                    let present = values.indices.filter(keep).map { values[$0] }.filter { !$0.isNaN }
                    let fill = options.missingValues == .mean ? Self.mean(present) : Self.median(present)
                    if !fill.isFinite {
                        let row = Self.firstOverflowingRow(values, keep: keep)
                        throw .nonFiniteStatistic(table.location(row: row, column: index), columnName: table.columnNames[index],
                                                  statistic: "\(options.missingValues.rawValue) (the fill value for missing values)")
                    }
                    columns[position].numericFill = fill
                case let .text(values):
                    columns[position].categoryFill = Self.mostFrequent(values.indices.filter(keep).compactMap { values[$0] })
                }
            }
        }
        let encoding = FeatureEncoding(columns: columns, target: target, missingValues: options.missingValues)
        self = try encoding.assemble(table, featureColumns: featureColumns, targetColumn: targetColumn, scans: scans)
        numericLookingColumns = numericLooking
        if self.task == .classification, Set(classIndices).count == 1 {
            throw .singleClass(columnName: targetName, className: classNames[Int(classIndices[0])])
        }
    }

    /// The target's encoding and scan: text values make it a classification over the sorted
    /// values (an error for `.regression`); numbers follow `options.task`, or else the inferred
    /// task, a classification's classes being the sorted distinct values. A single class is an error.
    static func fitTarget(_ table: CSVTable, column: Int, options: DatasetOptions) throws(DataError)
        -> (target: FeatureEncoding.Target, scan: ColumnScan) {
        let targetName = table.columnNames[column]
        var targetScan = try Self.scanInferringKind(table, column: column)
        if options.task == .regression, case let .text(values) = targetScan,
           let row = values.firstIndex(where: { $0 != nil }) {
            throw .nonNumericTarget(table.location(row: row, column: column), columnName: targetName,
                                    value: values[row]!)
        }
        let target: FeatureEncoding.Target
        switch targetScan {
        case let .text(values):
            let names = Set(values.compactMap { $0 }).sorted()
            target = .init(name: targetName, task: .classification, classNames: names, classValues: nil)
        case let .numeric(values, _, _):
            let task = options.task ?? Self.inferredTask(values, maxClasses: options.maxInferredClasses)
            if task == .classification {
                let distinct = Set(values.filter { !$0.isNaN }).sorted()
                target = .init(name: targetName, task: .classification, classNames: distinct.map(Self.labelText),
                               classValues: distinct)
            } else {
                target = .init(name: targetName, task: .regression, classNames: [], classValues: nil)
                targetScan = .numeric(values: values, textCount: 0, firstTextRow: nil)
            }
        }
        if target.task == .classification, target.classNames.count == 1 {
            throw .singleClass(columnName: targetName, className: target.classNames[0])
        }
        return (target, targetScan)
    }

    /// Classification when the present values are integers with at most `maxClasses` distinct
    /// values, regression otherwise; stops as soon as the answer is known.
    static func inferredTask(_ values: NumericColumn, maxClasses: Int) -> DatasetTask {
        let integral = values.withUnsafeBufferPointer { values in
            values.allSatisfy { $0.isNaN || $0 == $0.rounded() }
        }
        guard integral else { return .regression }
        var distinct: Set<Double> = []
        for value in values where !value.isNaN {
            distinct.insert(value)
            if distinct.count > maxClasses { return .regression }
        }
        return .classification
    }

    /// A numeric scan when numbers outnumber text (text values are then an error), else a text scan.
    static func scanInferringKind(_ table: CSVTable, column: Int) throws(DataError) -> ColumnScan {
        let scan = try ColumnScan.numeric(table, column: column, requireNumbers: false)
        guard case let .numeric(values, textCount, firstTextRow) = scan, let textRow = firstTextRow else { return scan }
        let numberCount = values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }
        if numberCount > textCount {
            throw .nonNumericValue(table.location(row: textRow, column: column), columnName: table.columnNames[column],
                                   value: table.string(row: textRow, column: column))
        }
        return ColumnScan.text(table, column: column)
    }

    static func resolveTarget(_ target: DatasetOptions.TargetColumn, in table: CSVTable) throws(DataError) -> Int {
        let count = table.columnCount
        func fromIndex(_ index: Int, text: String) throws(DataError) -> Int {
            let resolved = index < 0 ? count + index : index
            guard resolved >= 0, resolved < count else {
                throw .unknownTargetColumn(text, available: table.columnNames)
            }
            return resolved
        }
        switch target {
        case .last: return count - 1
        case let .index(index): return try fromIndex(index, text: String(index))
        case let .name(name):
            if let index = table.columnIndex(named: name) { return index }
            if let index = Int(name) { return try fromIndex(index, text: name) }
            throw .unknownTargetColumn(name, available: table.columnNames)
        }
    }

    static func resolveFeatures(_ options: DatasetOptions, target: Int, in table: CSVTable) throws(DataError) -> [Int] {
        var result: [Int] = []
        if let names = options.features {
            for name in names {
                guard let index = table.columnIndex(named: name) else {
                    throw .unknownColumn(name, available: table.columnNames)
                }
                if index == target { throw .targetAmongFeatures(name) }
                if !result.contains(index) { result.append(index) }
            }
        } else {
            var dropped: Set<Int> = []
            for name in options.drop {
                guard let index = table.columnIndex(named: name) else {
                    throw .unknownColumn(name, available: table.columnNames)
                }
                if index == target { throw .targetDropped(name) }
                dropped.insert(index)
            }
            result = (0..<table.columnCount).filter { $0 != target && !dropped.contains($0) }
        }
        if result.isEmpty { throw .noFeatures(file: table.source) }
        return result
    }

    /// An integral label as an integer ("2", not "2.0"); others in Swift's shortest round-trip form.
    static func labelText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// The first kept row at which the running sum of the present values stops being finite (the
    /// last kept row if it never does: then the division or the median's midpoint overflowed).
    static func firstOverflowingRow(_ values: NumericColumn, keep: (Int) -> Bool) -> Int {
        var sum = 0.0, last = 0
        for row in values.indices where keep(row) && !values[row].isNaN {
            sum += values[row]
            last = row
            if !sum.isFinite { return row }
        }
        return last
    }

    /// The arithmetic mean, 0 for no values.
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// The median (the mean of the two middle values for an even count), 0 for no values.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The most frequent value, the smallest one on a tie; nil for no values.
    static func mostFrequent(_ values: [String]) -> String? {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}
