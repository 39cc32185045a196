/// Where in a CSV file something was found: the file as given, the 1-based line, and the 1-based
/// field number within the row (the "column" of `file:line:column`), with the column's name when
/// the file has one.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file name or path as given by the user ("<text>" for text parsed from memory).
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based field number in the row, when the place is a field.
    public var column: Int?

    /// A location in `file` at `line`, optionally at field `column`.
    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line` or `file:line:column`.
    public var description: String {
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }
}

/// A part of a split whose fraction is given: validation or test.
public enum DatasetSplitPart: String, Sendable, Equatable {
    /// The validation rows.
    case validation
    /// The test rows.
    case test
}

/// Every way reading, encoding or splitting a data set can fail. Each case carries what the user
/// needs to fix the input, and `category` says whether the fix is a flag (`.usage`, exit 64) or
/// the file's content (`.data`, exit 65).
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read (`reason` is the system's message).
    case unreadableFile(path: String, reason: String)
    /// The file holds no bytes, or only blank lines.
    case emptyFile(file: String)
    /// The file holds a header and no data rows.
    case headerOnly(file: String, columns: [String])
    /// A row has a different number of fields from the header (or the first row).
    case raggedRow(SourceLocation, expected: Int, found: Int)
    /// A quoted field is not closed before the end of the file; the location is where it opened.
    case unterminatedQuote(SourceLocation)
    /// A closing quote is followed by something other than a delimiter or the end of the line.
    case characterAfterClosingQuote(SourceLocation, character: String)
    /// Two header fields have the same name.
    case duplicateColumnName(SourceLocation, name: String)
    /// A value that is not a number in a column whose other values are numbers.
    case nonNumericValue(SourceLocation, columnName: String, value: String)
    /// Missing values (empty, NA, N/A, NaN, null, ?) under the `error` policy: the first one's place,
    /// and how many rows hold at least one missing value in the columns used.
    case missingValues(SourceLocation, columnName: String, affectedRows: Int)
    /// A categorical feature column has more distinct values than allowed.
    case tooManyCategories(columnName: String, found: Int, maximum: Int)
    /// A categorical value in new data that the encoding did not see when it was fitted.
    case unknownCategory(SourceLocation, columnName: String, value: String, known: [String])
    /// A column the encoding needs is not in the new file.
    case missingColumn(file: String, name: String, available: [String])
    /// The target column named is not in the file.
    case unknownTargetColumn(String, available: [String])
    /// A feature or dropped column named is not in the file.
    case unknownColumn(String, available: [String])
    /// The target column is also listed as a feature.
    case targetAmongFeatures(String)
    /// No feature column is left once the target and dropped columns are removed.
    case noFeatures(file: String)
    /// Regression was requested but the target column holds text.
    case nonNumericTarget(SourceLocation, columnName: String, value: String)
    /// A classification target with only one class.
    case singleClass(columnName: String, className: String)
    /// A split fraction outside [0, 1), or fractions summing to 1 or more.
    case invalidSplitFraction(part: DatasetSplitPart, value: Double)
    /// Too few rows (in a class, for classification) to give every part of the split at least one.
    case tooFewRowsForSplit(className: String?, rows: Int, needed: Int)
    /// A setting whose value is not allowed (e.g. a batch size of 0); `name` is the Swift
    /// parameter's name (`batchSize`, `samples`, `classes`, `features`).
    case invalidOption(name: String, value: String, expected: String)
    /// A delimiter that is not a single ASCII byte other than a quote or a line break.
    case invalidDelimiter(String)
    /// A field longer than `CSVReadOptions.maximumFieldBytes`: the file is probably not the CSV meant.
    case fieldTooLong(SourceLocation, bytes: Int, limit: Int)
    /// The table (rows × columns) or the encoded features (rows × one-hot features) would need more
    /// memory than the machine has; `what` names which.
    case tooLargeForMemory(file: String, what: String, rows: Int, columns: Int, bytesNeeded: Int, bytesAvailable: Int)
    /// The columns to drop include the target column.
    case targetDropped(String)
    /// A statistic fitted on the data (mean, standard deviation, fill value) is not finite: the
    /// values are too large to add up or square in Double. The location is the row whose value made
    /// the sum overflow, or the row of the largest value.
    case nonFiniteStatistic(SourceLocation, columnName: String, statistic: String)
    /// A value that is not finite once standardized with a model's training statistics, or that
    /// makes the model's output overflow.
    case valueOutOfRange(SourceLocation, columnName: String)
    /// A fill value the missing-value policy needs is not stored in the checkpoint.
    case fillValueNotStored(policy: MissingValuePolicy, columnName: String, trainedWith: MissingValuePolicy)

    /// Whether the error is a bad flag (usage) or bad file content (data).
    public enum Category: Sendable, Equatable {
        /// A command-line flag or option is wrong; exit code 64 (EX_USAGE).
        case usage
        /// The input file's content is wrong; exit code 65 (EX_DATAERR).
        case data
    }

    /// Whether the fix is a flag (`.usage`) or the file (`.data`).
    public var category: Category {
        switch self {
        case .unknownTargetColumn, .unknownColumn, .targetAmongFeatures, .invalidSplitFraction,
             .invalidOption, .invalidDelimiter, .tooFewRowsForSplit, .targetDropped, .fillValueNotStored:
            return .usage
        case .unreadableFile, .emptyFile, .headerOnly, .raggedRow, .unterminatedQuote,
             .characterAfterClosingQuote, .duplicateColumnName, .nonNumericValue, .missingValues,
             .tooManyCategories, .unknownCategory, .missingColumn, .noFeatures, .nonNumericTarget,
             .singleClass, .fieldTooLong, .tooLargeForMemory, .nonFiniteStatistic, .valueOutOfRange:
            return .data
        }
    }

    /// A one-line message that names the place and what to do.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): cannot read the file: \(reason)"
        case let .emptyFile(file):
            return "\(file): the file is empty"
        case let .headerOnly(file, columns):
            return "\(file): the file has a header (\(TextExcerpt.list(columns))) but no data rows"
        case let .raggedRow(location, expected, found):
            return "\(location): expected \(expected) fields, found \(found)"
        case let .unterminatedQuote(location):
            return "\(location): a quoted field opened here is never closed"
        case let .characterAfterClosingQuote(location, character):
            return "\(location): unexpected \(quoted(character)) after a closing quote (write a quote inside a quoted field as \"\")"
        case let .duplicateColumnName(location, name):
            return "\(location): the column name \(quoted(name)) appears twice in the header"
        case let .nonNumericValue(location, columnName, value):
            return "\(location): non-numeric value \(quoted(value)) in numeric column \(quoted(columnName))"
        case .missingValues:
            return problem + " (drop those rows or fill them)"
        case .tooManyCategories:
            return problem + " (raise it or leave the column out)"
        case let .unknownCategory(location, columnName, value, known):
            return "\(location): value \(quoted(value)) in column \(quoted(columnName)) was not seen in training (known: \(TextExcerpt.list(known)))"
        case let .missingColumn(file, name, available):
            return "\(file): the column \(quoted(name)) the model needs is missing (available: \(TextExcerpt.list(available)))"
        case let .unknownTargetColumn(name, available):
            return "unknown target column \(quoted(name)); available columns: \(TextExcerpt.list(available))"
        case let .unknownColumn(name, available):
            return "unknown column \(quoted(name)); available columns: \(TextExcerpt.list(available))"
        case let .targetAmongFeatures(name):
            return "the target column \(quoted(name)) cannot also be a feature"
        case let .noFeatures(file):
            return "\(file): no feature columns are left besides the target"
        case let .nonNumericTarget(location, columnName, value):
            return "\(location): regression needs a numeric target, but column \(quoted(columnName)) holds \(quoted(value))"
        case let .singleClass(columnName, className):
            return "the target column \(quoted(columnName)) has a single class (\(quoted(className))); classification needs at least two"
        case let .invalidSplitFraction(part, value):
            return "the \(part.rawValue) fraction \(value) is out of range: each fraction must be in [0, 1) and together below 1"
        case let .tooFewRowsForSplit(className, rows, needed):
            if let className {
                return "class \(quoted(className)) has \(rows) rows, the requested split needs at least \(needed) (one per part)"
            }
            return "the data has \(rows) rows, the requested split needs at least \(needed) (one per part)"
        case let .invalidOption(name, value, expected):
            return "\(name) \(value) is invalid: expected \(expected)"
        case let .invalidDelimiter(value):
            return "delimiter \(quoted(value)) is invalid: expected one ASCII character other than a quote or a line break"
        case let .fieldTooLong(location, bytes, limit):
            return "\(location): a field of \(TextExcerpt.grouped(bytes)) bytes, more than the \(TextExcerpt.grouped(limit)) a field may hold (is this the CSV file meant? a quote left open swallows the rest of the file)"
        case .tooLargeForMemory:
            return problem + " (use fewer rows, fewer columns or fewer categories)"
        case let .targetDropped(name):
            return "the columns to drop include the target column \(quoted(name)); choose another target or drop another column"
        case .nonFiniteStatistic:
            return problem + " (values this large cannot be standardized: rescale the column, or leave it out)"
        case let .valueOutOfRange(location, columnName):
            return "\(location): the value in column \(quoted(columnName)) is too large for the model (once standardized, it or the model's output is not a finite number)"
        case let .fillValueNotStored(policy, columnName, trainedWith):
            return "filling missing values with the \(policy.rawValue): the checkpoint stores no \(policy.rawValue) for column \(quoted(columnName)) (it was trained with the missing-value policy \(trainedWith.rawValue)); fill with the mean of a standardized model, or leave the rows unscored"
        }
    }
}

extension DataError {
    /// The problem without advice on what to do, for the cases whose advice names settings
    /// (missing values, too many categories, too large for memory, a statistic that overflows):
    /// the CLI adds its own advice naming its flags. Every other case: `description`.
    public var problem: String {
        switch self {
        case let .missingValues(location, columnName, affectedRows):
            let rows = affectedRows == 1 ? "1 row has" : "\(affectedRows) rows have"
            return "\(location): missing value in column \(quoted(columnName)); \(rows) missing values"
        case let .tooManyCategories(columnName, found, maximum):
            return "column \(quoted(columnName)) has \(found) distinct text values, more than the maximum of \(maximum) categories"
        case let .tooLargeForMemory(file, what, rows, columns, needed, available):
            return "\(file): \(what) of \(TextExcerpt.grouped(rows)) rows × \(TextExcerpt.grouped(columns)) columns needs "
                + "\(MemorySize.describe(bytes: needed)), more than half of this machine's memory (\(MemorySize.describe(bytes: available)))"
        case let .nonFiniteStatistic(location, columnName, statistic):
            return "\(location): the \(statistic) of column \(quoted(columnName)) overflows Double at this row"
        default:
            return description
        }
    }
}

private func quoted(_ text: String) -> String { TextExcerpt.quoted(text) }
