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
        if command.sharpness.sharpness {
            list += [("lambda_max", { $0.sharpness?.sharpness.lambdaMax }),
                     ("hessian_trace", { $0.sharpness?.sharpness.trace.estimate }),
                     ("hessian_trace_se", { $0.sharpness?.sharpness.trace.standardError }),
                     ("epsilon_sharpness", { $0.sharpness?.sharpness.epsilonSharpness.keskarPercent }),
                     ("generalization_gap", { $0.sharpness?.generalizationGap })]
        }
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
        var panels = RaceCharts.panels(raceRuns, targetLoss: command.targetLoss)
        let points = runs.compactMap { run in run.sharpness.map { SharpnessPoint(contestant: run.contestant, seed: run.seed, measurement: $0) } }
        if !points.isEmpty && hasValidation {
            panels.append(SharpnessCharts.scatter(points, title: "Sharpness vs generalization gap"))
        }
        let file = URL(fileURLWithPath: command.data).lastPathComponent
        return Figure(title: "descent compare \(file): median and min–max over \(command.seeds) seeds", panels: panels,
                      columns: panels.count > 3 ? 2 : nil).svg()
    }

    /// The table on standard output.
    func table(runs: [CompareRun], entries: [CompareEntry], choices: [String: CompareRateChoice]) -> String {
        let shown = quantities().filter { quantity in
            (command.targetLoss != nil || !quantity.name.hasSuffix("_to_target"))
                && (hasValidation || !(quantity.name.contains("val_") || quantity.name == "generalization_gap"))
                && quantity.name != "hessian_trace_se"
        }
        let headers = ["optimizer", "lr"] + shown.map { Self.heading($0.name, target: command.targetLoss) } + ["diverged"]
        var rows: [[String]] = []
        for entry in entries {
            let summary = Summary(runs: runs.filter { $0.contestant == entry.name })
            let choice = choices[entry.contestant.name]!
            var row = [entry.name, String(format: "%.3g", choice.learningRate) + (choice.source == "tuned" ? "*" : "")]
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
        let batch = (try? command.batchSizeList()).flatMap { $0 }.map { "batch sizes \($0.map(String.init).joined(separator: ", "))" }
            ?? "batch \(command.step.batchSize)"
        var lines = ["\(command.data): mean ± std over seeds \(command.seedList.map(String.init).joined(separator: ", ")), "
                     + "\(Plural.count(command.epochs, "epoch")), \(batch), \(command.step.precision.rawValue)"]
        lines.append(format(headers))
        lines += rows.map(format)
        lines += pairedLines(pairedTests(runs: runs, names: entries.map(\.name)))
        if choices.values.contains(where: { $0.source == "tuned" }) { lines.append("* tuned by --tune-lr on the validation split of seed \(command.seed)") }
        if command.sharpness.sharpness {
            let eps = command.sharpness.settings.epsilon
            lines.append("sharpness of each final model on its training rows: λmax (Lanczos), tr H (Hutchinson), ε-sharp = Keskar's 100·max Δloss/(1 + loss) in the box ε·(|θ|+1), ε = \(String(format: "%g", eps)); gap = validation − training loss")
        }
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
        case "lambda_max": return "λmax"
        case "hessian_trace": return "tr H"
        case "epsilon_sharpness": return "ε-sharp %"
        case "generalization_gap": return "gap"
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
    func json(runs: [CompareRun], entries: [CompareEntry], choices: [String: CompareRateChoice]) throws -> String {
        let quantities = quantities()
        let objects = entries.map { entry in
            let summary = Summary(runs: runs.filter { $0.contestant == entry.name })
            let choice = choices[entry.contestant.name]!
            return CompareRaceRecord.Entry(
                name: entry.name, optimizer: entry.contestant.name, batchSize: entry.batchSize ?? command.step.batchSize,
                lr: choice.learningRate, lrSource: choice.source,
                lrTrials: choice.trials.map { CompareRaceRecord.Trial(lr: $0.learningRate, valLoss: $0.validationLoss) },
                runsDiverged: summary.runs.count - summary.finished.count,
                summaries: quantities.map { ($0.name, summary.of($0.value)) },
                runs: summary.runs.map { run in runRecord(run, quantities: quantities) })
        }
        let record = CompareRaceRecord(
            data: command.data, task: classification ? "classification" : "regression", precision: command.step.precision.rawValue,
            epochs: command.epochs, batchSize: command.step.batchSize, batchSizes: (try? command.batchSizeList()).flatMap { $0 },
            sharpnessEpsilon: command.sharpness.sharpness ? command.sharpness.settings.epsilon : nil, seeds: command.seedList,
            targetLoss: command.targetLoss, threads: OpenBLASRuntime.threadCount, openblasCore: OpenBLASRuntime.coreName,
            history: command.history, plot: command.plot, optimizers: objects,
            pairedTests: pairedRecords(pairedTests(runs: runs, names: entries.map(\.name))))
        return try JSONLine.encode(record)
    }

    /// The JSON record of one run (its sharpness null unless --sharpness measured it).
    func runRecord(_ run: CompareRun, quantities: [(name: String, value: (CompareRun) -> Double?)]) -> CompareRaceRecord.Run {
        CompareRaceRecord.Run(seed: run.seed, initialLoss: run.history.records[0].trainLoss,
                              initialValLoss: run.history.records[0].validationLoss, epochs: run.history.records.count - 1,
                              steps: run.steps, seconds: run.seconds, values: quantities.map { ($0.name, $0.value(run)) },
                              divergence: run.divergence.map { ErrorAdvice.message(for: $0) },
                              sharpness: command.sharpness.sharpness ? run.sharpness : nil)
    }
}
