import ArgumentParser
import Descent
import Foundation
import Linalg

/// `descent predict`: apply a trained model to the rows of a CSV file.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a model: CSV on standard output with the label and each class's probability (or the value).",
        discussion: """
        The file needs the feature columns the model was trained on; the target column may be missing. \
        Output columns: classification `prediction,p_<class>…`; regression `prediction`; with --id the key column first. \
        One output row per input row, in order: a row that cannot be scored (a missing feature, a category not seen in \
        training, text in a numeric column) gets an empty prediction and is counted on standard error, unless \
        --missing says otherwise.

        Examples:
          descent predict iris.safetensors new-flowers.csv > predictions.csv
          descent predict model.safetensors data.csv --out predictions.csv
          descent predict model.safetensors customers.csv --id customer_id --missing mean
        """
    )

    @Argument(help: "The model written by `descent train --out`.")
    var model: String

    @Argument(help: "The CSV file whose rows to predict.")
    var data: String

    @OptionGroup var format: CSVFormatOptions

    @Option(help: "Write the predictions to this file (atomically) instead of standard output.")
    var out: String?

    @Option(help: "Copy this column (e.g. a row id) into the first column of the output, so each prediction carries its key.")
    var id: String?

    @OptionGroup var scoring: ScoringOptions

    func run() throws {
        try reportingErrors {
            try OutputCheck.verify(outputs: [("--out", out)], inputs: [("MODEL", model), ("DATA", data)])
            try withCheckpoint(model) { file, description in
                if description.precision == .double {
                    try predict(LoadedModel<Double>(path: model, file: file, description: description))
                } else {
                    try predict(LoadedModel<Float>(path: model, file: file, description: description))
                }
            }
        }
    }

    func predict<Scalar: BLASScalar>(_ loaded: LoadedModel<Scalar>) throws {
        let table = try CSVReader.read(contentsOf: data, options: try format.csvOptions())
        let idColumn = try id.map { name throws -> Int in
            guard let index = table.columnIndex(named: name) else { throw DataError.unknownColumn(name, available: table.columnNames) }
            return index
        }
        let rows = try loaded.scoringRows(table, useTarget: false, missing: scoring.missing)
        let predicted = predictions(loaded, rows.dataset)
        let classes = loaded.description.encoding.target.classNames
        let idHeader = id.map { csvField($0) + "," } ?? ""
        var text = idHeader + (classes.isEmpty ? "prediction\n" : "prediction," + classes.map { csvField("p_" + $0) }.joined(separator: ",") + "\n")
        let empty = idColumn == nil && classes.isEmpty ? "\"\"" : String(repeating: ",", count: classes.count)
        var next = 0, written = 0
        for row in 0..<rows.totalRows {
            let scored = next < rows.inputRows.count && rows.inputRows[next] == row
            if !scored && scoring.missing == .drop { continue }
            if let idColumn { text += csvField(table.string(row: row, column: idColumn)) + "," }
            text += (scored ? predicted[next] : empty) + "\n"
            if scored { next += 1 }
            written += 1
        }
        if let summary = ScoringReport.summary(rows) {
            let advice = ScoringReport.advice(rows, policy: scoring.missing)
            Diagnostics.print("descent: \(data): \(summary)" + (scoring.missing == .drop ? "; \(advice)" : "; their predictions are empty"
                + (advice.isEmpty ? "" : " (\(advice))")))
            if let example = ScoringReport.firstExample(rows) { Diagnostics.print("descent:   \(example)") }
        }
        if rows.filledRows > 0, let policy = scoring.missing {
            Diagnostics.print("descent: \(data): \(rows.filledRows) of \(rows.totalRows) rows had missing values filled (--missing \(policy.rawValue))")
        }
        if let out {
            try AtomicFile.write(text, to: out)
            Diagnostics.print("descent: wrote \(Plural.count(written, "prediction")) to \(out)")
        } else {
            try StandardOutput.write(text)
        }
    }

    /// One CSV line (without the line break) per row of `dataset`: the label and each class's
    /// probability, or the value, printed in the model's own precision.
    func predictions<Scalar: BLASScalar>(_ loaded: LoadedModel<Scalar>, _ dataset: Dataset) -> [String] {
        let classes = loaded.description.encoding.target.classNames
        return loaded.outputs(for: dataset).map { values in
            guard !classes.isEmpty else { return "\(values[0])" }
            return csvField(classes[LoadedModel<Scalar>.mostProbable(values)]) + "," + values.map { "\($0)" }.joined(separator: ",")
        }
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180).
    func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
