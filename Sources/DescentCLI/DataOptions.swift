import ArgumentParser
import Descent
import Foundation

/// How to read a CSV file and which columns to use: shared by train, evaluate, predict and compare.
struct DataOptions: ParsableArguments {
    @Option(help: "The target column, by name or 0-based index (negative counts from the end). Default: the last column.")
    var target: String?

    @Option(help: "Use only these feature columns, comma-separated (e.g. --features age,income).")
    var features: String?

    @Option(help: "Leave out these columns, comma-separated (e.g. --drop id,name).")
    var drop: String?

    @Option(help: "classification or regression. Default: inferred (text target, or at most 50 distinct integers → classification).")
    var task: DatasetTask?

    @Option(help: "Missing values (empty, NA, N/A, NaN, null, ?): error (default, names the first), drop (the rows), mean or median (fill).")
    var missing: MissingValuePolicy = .error

    @Option(help: "The most distinct values a text feature may have; each becomes a one-hot feature.")
    var maxCategories = 50

    @OptionGroup var format: CSVFormatOptions

    /// The CSV reading options.
    func csvOptions() throws -> CSVReadOptions { try format.csvOptions() }

    /// The dataset options.
    var datasetOptions: DatasetOptions {
        let targetColumn: DatasetOptions.TargetColumn = target.map { .name($0) } ?? .last
        return DatasetOptions(target: targetColumn, features: features.map(Self.list), drop: drop.map(Self.list) ?? [],
                              task: task, missingValues: missing, maxCategories: maxCategories)
    }

    /// "a, b,c" → ["a", "b", "c"].
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard maxCategories >= 1 else { throw ValidationError("--max-categories must be at least 1, got \(maxCategories)") }
    }
}

extension DatasetTask: ExpressibleByArgument {}
extension MissingValuePolicy: ExpressibleByArgument {}
extension Standardizer.Mode: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}
