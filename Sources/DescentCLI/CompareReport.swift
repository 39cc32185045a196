import Descent
import Foundation
import Linalg
import Plot
import Report

/// What `descent compare` prints and writes: per-run lines, the table or JSON, the history CSV and
/// the curves.
struct CompareReport {
    let command: CompareCommand
    /// Whether the task is classification (accuracy) or regression (RMSE).
    let classification: Bool
    /// Whether there is a validation split.
    let hasValidation: Bool

    /// The statistics of one contestant over its seeds (diverged runs left out).
    struct Summary {
        var runs: [CompareRun]
        var finished: [CompareRun] { runs.filter { $0.divergence == nil } }

        /// The seed summary of `value` over the finished runs.
        func of(_ value: (CompareRun) -> Double?) -> SeedSummary? { SeedSummary(finished.compactMap(value)) }
    }

    /// The quantities of the table and the JSON, by JSON name, with how to read each from a run.
    func quantities() -> [(name: String, value: (CompareRun) -> Double?)] {
        var list: [(String, (CompareRun) -> Double?)] = [
            ("final_train_loss", { $0.final.trainLoss }),
            ("final_val_loss", { $0.final.validationLoss }),
        ]
        if classification {
            list += [("final_train_accuracy", { $0.final.trainAccuracy }), ("final_val_accuracy", { $0.final.validationAccuracy }),
                     ("best_val_accuracy", { $0.bestValidationAccuracy })]
        } else {
            list += [("final_train_rmse", { $0.final.trainRMSE }), ("final_val_rmse", { $0.final.validationRMSE }),
                     ("final_val_r2", { $0.final.validationR2 })]
        }
        list += [("epochs_to_target", { run in command.targetLoss.flatMap { CompareStatistics.firstReach(of: $0, in: run.history) }.map { Double($0.epoch) } }),
                 ("seconds_to_target", { run in command.targetLoss.flatMap { CompareStatistics.firstReach(of: $0, in: run.history) }?.seconds }),
                 ("ms_per_step", { $0.millisecondsPerStep }),
                 ("samples_per_second", { $0.samplesPerSecond })]
        return list
    }

    /// The line on standard error after a run.
    func line(for run: CompareRun) -> String {
        var text = "\(run.contestant) seed \(run.seed): loss \(String(format: "%.4f", run.final.trainLoss))"
        if let loss = run.final.validationLoss { text += "  val_loss \(String(format: "%.4f", loss))" }
        if let accuracy = run.final.validationAccuracy { text += "  val_acc \(String(format: "%.4f", accuracy))" }
        return text + String(format: "  %.2fs  %.3f ms/step", run.seconds, run.millisecondsPerStep)
    }

    /// Writes --history and --plot (atomically) when given.
    func write(runs: [CompareRun]) throws {
        if let history = command.history { try AtomicFile.write(Self.historyCSV(runs), to: history) }
        if let plot = command.plot { try AtomicFile.write(curves(runs), to: plot) }
    }

    /// Every epoch of every run: `optimizer,seed,` then the columns of `TrainingHistory.csv`.
    static func historyCSV(_ runs: [CompareRun]) -> String {
        var lines = ["optimizer,seed," + (TrainingHistory().csv.split(separator: "\n").first.map(String.init) ?? "")]
        for run in runs {
            for row in run.history.csv.split(separator: "\n").dropFirst() { lines.append("\(run.contestant),\(run.seed),\(row)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The figure: per contestant the median over seeds and the min–max band, of the training loss
    /// against epochs and against training seconds, and of the validation loss against epochs.
    func curves(_ runs: [CompareRun]) -> String {
        let raceRuns = runs.map { RaceRun(contestant: $0.contestant, seed: $0.seed, history: $0.history) }
        let panels = RaceCharts.panels(raceRuns, targetLoss: command.targetLoss)
        let file = URL(fileURLWithPath: command.data).lastPathComponent
        return Figure(title: "descent compare \(file): median and min–max over \(command.seeds) seeds", panels: panels).svg()
    }

    /// The table on standard output.
    func table(runs: [CompareRun], contestants: [TrainingMethod], choices: [String: CompareRateChoice]) -> String {
        let shown = quantities().filter { quantity in
            (command.targetLoss != nil || !quantity.name.hasSuffix("_to_target"))
                && (hasValidation || !(quantity.name.contains("val_")))
        }
        let headers = ["optimizer", "lr"] + shown.map { Self.heading($0.name, target: command.targetLoss) } + ["diverged"]
        var rows: [[String]] = []
        for contestant in contestants {
            let summary = Summary(runs: runs.filter { $0.contestant == contestant.name })
            let choice = choices[contestant.name]!
            var row = [contestant.name, String(format: "%.3g", choice.learningRate) + (choice.source == "tuned" ? "*" : "")]
            for quantity in shown {
                let values = summary.of(quantity.value)
                row.append(Self.cell(values, name: quantity.name, of: summary.finished.count))
            }
            row.append("\(summary.runs.count - summary.finished.count)/\(summary.runs.count)")
            rows.append(row)
        }
        let widths = headers.indices.map { column in ([headers[column]] + rows.map { $0[column] }).map(\.count).max()! }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { $0.offset < 2 ? $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0)
                                                   : $0.element.leftPadded(to: widths[$0.offset]) }.joined(separator: "  ")
        }
        var lines = ["\(command.data): mean ± std over seeds \(command.seedList.map(String.init).joined(separator: ", ")), "
                     + "\(Plural.count(command.epochs, "epoch")), batch \(command.step.batchSize), \(command.step.precision.rawValue)"]
        lines.append(format(headers))
        lines += rows.map(format)
        if choices.values.contains(where: { $0.source == "tuned" }) { lines.append("* tuned by --tune-lr on the validation split of seed \(command.seed)") }
        if command.targetLoss != nil { lines.append("→target: mean over the runs that reached the training loss target (how many in parentheses)") }
        if let history = command.history { lines.append("history  \(history)") }
        if let plot = command.plot { lines.append("curves   \(plot)") }
        return lines.joined(separator: "\n")
    }

    /// A column heading for a JSON quantity name.
    static func heading(_ name: String, target: Double?) -> String {
        let targetText = target.map { String(format: "%g", $0) } ?? ""
        switch name {
        case "final_train_loss": return "train loss"
        case "final_val_loss": return "val loss"
        case "final_train_accuracy": return "train acc"
        case "final_val_accuracy": return "val acc"
        case "best_val_accuracy": return "best val acc"
        case "final_train_rmse": return "train rmse"
        case "final_val_rmse": return "val rmse"
        case "final_val_r2": return "val r2"
        case "epochs_to_target": return "epochs→\(targetText)"
        case "seconds_to_target": return "s→\(targetText)"
        case "ms_per_step": return "ms/step"
        case "samples_per_second": return "samples/s"
        default: return name
        }
    }

    /// "0.1234 ± 0.0056", or a plain mean for speeds and target counts.
    static func cell(_ summary: SeedSummary?, name: String, of finished: Int) -> String {
        guard let summary else { return "—" }
        switch name {
        case "samples_per_second": return String(Int(summary.mean.rounded()))
        case "ms_per_step": return String(format: "%.3f", summary.mean)
        case "epochs_to_target": return String(format: "%.1f (%d/%d)", summary.mean, summary.count, finished)
        case "seconds_to_target": return String(format: "%.3g", summary.mean)
        default: return String(format: "%.4f ± %.4f", summary.mean, summary.standardDeviation)
        }
    }

    /// The JSON object of the race: settings, then per contestant its rate, summaries and runs.
    func json(runs: [CompareRun], contestants: [TrainingMethod], choices: [String: CompareRateChoice]) -> String {
        func number(_ value: Double?) -> String { value.map(JSONText.number) ?? "null" }
        func summaryJSON(_ s: SeedSummary?) -> String {
            guard let s else { return "null" }
            return JSONText.object([("mean", JSONText.number(s.mean)), ("std", JSONText.number(s.standardDeviation)),
                                    ("median", JSONText.number(s.median)), ("min", JSONText.number(s.minimum)),
                                    ("max", JSONText.number(s.maximum)), ("count", String(s.count))])
        }
        let quantities = quantities()
        var entries: [String] = []
        for contestant in contestants {
            let summary = Summary(runs: runs.filter { $0.contestant == contestant.name })
            let choice = choices[contestant.name]!
            var fields: [(String, String)] = [("optimizer", JSONText.quoted(contestant.name)), ("lr", JSONText.number(choice.learningRate)),
                                              ("lr_source", JSONText.quoted(choice.source))]
            fields.append(("lr_trials", JSONText.array(choice.trials.map {
                JSONText.object([("lr", JSONText.number($0.learningRate)), ("val_loss", JSONText.number($0.validationLoss))])
            })))
            fields.append(("runs_diverged", String(summary.runs.count - summary.finished.count)))
            for quantity in quantities { fields.append((quantity.name, summaryJSON(summary.of(quantity.value)))) }
            fields.append(("runs", JSONText.array(summary.runs.map { run in
                var runFields: [(String, String)] = [("seed", String(run.seed)), ("initial_loss", JSONText.number(run.history.records[0].trainLoss)),
                                                     ("initial_val_loss", number(run.history.records[0].validationLoss)),
                                                     ("epochs", String(run.history.records.count - 1)), ("steps", String(run.steps)),
                                                     ("seconds", JSONText.number(run.seconds))]
                for quantity in quantities { runFields.append((quantity.name, number(quantity.value(run)))) }
                runFields.append(("diverged", run.divergence == nil ? "false" : "true"))
                runFields.append(("divergence", run.divergence.map { JSONText.quoted(ErrorAdvice.message(for: $0)) } ?? "null"))
                return JSONText.object(runFields)
            })))
            entries.append(JSONText.object(fields))
        }
        return JSONText.object([
            ("type", JSONText.quoted("race")), ("data", JSONText.quoted(command.data)), ("task", JSONText.quoted(classification ? "classification" : "regression")),
            ("precision", JSONText.quoted(command.step.precision.rawValue)), ("epochs", String(command.epochs)),
            ("batch_size", String(command.step.batchSize)), ("seeds", JSONText.array(command.seedList.map { String($0) })),
            ("target_loss", number(command.targetLoss)), ("threads", String(OpenBLASRuntime.threadCount)),
            ("openblas_core", JSONText.quoted(OpenBLASRuntime.coreName)),
            ("history", command.history.map(JSONText.quoted) ?? "null"), ("plot", command.plot.map(JSONText.quoted) ?? "null"),
            ("optimizers", JSONText.array(entries)),
        ])
    }
}
