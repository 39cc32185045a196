import Descent
import Foundation

/// Readers of the CSV files descent writes: the training history (`train --history`), a race's
/// runs (`compare --history`: `optimizer,seed,` then the history columns) and a spectrum
/// (`hessian --spectrum`: `index,eigenvalue`, or `which,rank,eigenvalue,residual` for Lanczos).
/// Columns are found by name in the header, so added columns do not break them.
enum ReportCSV {
    /// The rows of a simple CSV (no quoted fields: descent writes none in these files) as
    /// dictionaries keyed by the header; blank lines skipped.
    static func rows(_ text: String, path: String) throws(ReportError) -> (header: [String], rows: [(line: Int, cells: [String: String])]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let first = lines.first, !first.isEmpty else { throw .malformed(path: path, line: 1, reason: "empty file, expected a header row") }
        let header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [(line: Int, cells: [String: String])] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count else {
                throw .malformed(path: path, line: index + 1, reason: "\(cells.count) fields, the header has \(header.count)")
            }
            rows.append((index + 1, Dictionary(uniqueKeysWithValues: zip(header, cells))))
        }
        return (header, rows)
    }

    /// The number in column `name`, nil when empty; a malformed number is an error naming the line.
    static func number(_ cells: [String: String], _ name: String, path: String, line: Int) throws(ReportError) -> Double? {
        guard let text = cells[name], !text.isEmpty else { return nil }
        guard let value = Double(text) else { throw .malformed(path: path, line: line, reason: "column \(name): '\(text.prefix(40))' is not a number") }
        return value
    }

    /// One history record from a row.
    static func record(_ cells: [String: String], path: String, line: Int) throws(ReportError) -> EpochRecord {
        func value(_ name: String) throws(ReportError) -> Double? { try number(cells, name, path: path, line: line) }
        guard let epoch = try value("epoch"), let trainLoss = try value("train_loss") else {
            throw .malformed(path: path, line: line, reason: "epoch and train_loss are required")
        }
        var record = EpochRecord(epoch: Int(epoch), learningRate: try value("lr") ?? .nan, trainLoss: trainLoss,
                                 validationLoss: try value("val_loss"), trainAccuracy: try value("train_accuracy"),
                                 validationAccuracy: try value("val_accuracy"), trainRMSE: try value("train_rmse"),
                                 validationRMSE: try value("val_rmse"), validationR2: try value("val_r2"),
                                 lambdaMax: try value("lambda_max"), seconds: try value("seconds") ?? 0,
                                 samplesPerSecond: try value("samples_per_second") ?? 0)
        record.lambdaMin = try value("lambda_min")
        record.hessianTrace = try value("hessian_trace")
        record.subspaceFraction = try value("subspace_fraction")
        record.saddleIndex = try value("saddle_index").map { Int($0) }
        return record
    }

    /// A training history.
    static func history(_ text: String, path: String) throws(ReportError) -> TrainingHistory {
        var records: [EpochRecord] = []
        for row in try rows(text, path: path).rows { records.append(try record(row.cells, path: path, line: row.line)) }
        return TrainingHistory(records: records)
    }

    /// A race's runs, grouped by contestant and seed in order of first appearance.
    static func raceRuns(_ text: String, path: String) throws(ReportError) -> [RaceRun] {
        var runs: [RaceRun] = []
        for row in try rows(text, path: path).rows {
            guard let name = row.cells["optimizer"], let seedText = row.cells["seed"], let seed = UInt64(seedText) else {
                throw .malformed(path: path, line: row.line, reason: "optimizer and seed are required")
            }
            let record = try record(row.cells, path: path, line: row.line)
            if let index = runs.lastIndex(where: { $0.contestant == name && $0.seed == seed }) {
                runs[index].history.records.append(record)
            } else {
                runs.append(RaceRun(contestant: name, seed: seed, history: TrainingHistory(records: [record])))
            }
        }
        return runs
    }

    /// The eigenvalues of a spectrum file.
    static func eigenvalues(_ text: String, path: String) throws(ReportError) -> [Double] {
        var values: [Double] = []
        for row in try rows(text, path: path).rows {
            guard let value = try number(row.cells, "eigenvalue", path: path, line: row.line) else {
                throw .malformed(path: path, line: row.line, reason: "empty eigenvalue")
            }
            values.append(value)
        }
        return values
    }
}
