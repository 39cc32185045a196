import ArgumentParser
import Descent
import Foundation
import Linalg
import Plot
import Report

/// What a training run tells the user and writes to disk.
struct RunOutputs {
    let command: TrainCommand
    let spec: NetworkSpec
    let prepared: PreparedData
    let settings: TrainingSettings
    /// The command line that started the run (kept in the checkpoint for the report; a resume reads
    /// the run's `RunConfiguration`, not these).
    let arguments: [String]
    /// The CSV file trained on (the resumed run's when --resume gives none).
    let dataPath: String
    /// The run's id, shared by the model and its resume state (kept across resumes).
    var runID = CheckpointPair.newID()
    /// What the model file records for honest evaluation (test rows, trained-row fingerprints, baseline).
    var heldOut: HeldOutRecord?

    var classification: Bool { prepared.dataset.task == .classification }

    /// The opening lines on standard error: data, split, model, optimizer, kernels.
    func announce<Scalar: BLASScalar>(run: TrainingRun<Scalar>) {
        let network = run.network, trainer = run.trainer
        let dataset = prepared.dataset
        let what = classification
            ? "\(dataset.classNames.count) classes (\(dataset.classNames.prefix(6).joined(separator: ", "))\(dataset.classNames.count > 6 ? ", …" : ""))"
            : "regression on '\(dataset.encoding.target.name)'"
        Diagnostics.print("descent: \(dataPath): \(Plural.count(dataset.rowCount, "row")), \(Plural.count(dataset.featureCount, "feature")), \(what)")
        var parts = "training \(Plural.count(prepared.split.training.count, "row")), validation \(prepared.split.validation.count)"
        if !prepared.split.test.isEmpty { parts += ", test \(prepared.split.test.count)" }
        Diagnostics.print("descent: \(parts); preprocessing: \(prepared.standardizer.mode.rawValue)")
        if !prepared.standardizer.constantFeatures.isEmpty {
            let names = prepared.standardizer.constantFeatures.map { dataset.featureNames[$0] }
            Diagnostics.print("descent: constant on the training rows, centred but not scaled: \(names.joined(separator: ", "))")
        }
        Diagnostics.print("descent: model \(run.modelDescription().sequentialModules.joined(separator: " → ")), \(Plural.count(network.layout.count, "parameter"))")
        let optimizerText = "\(trainer.optimizer.settings)"
        let rule = run.method.secondOrder.map { "\($0.method.rawValue) (full batch, lr \($0.learningRate))" }
            ?? "\(settings.optimizer.kind.rawValue) (\(optimizerText)), batch \(settings.batchSize)"
        Diagnostics.print("descent: \(rule), "
            + "\(Scalar.self), OpenBLAS \(OpenBLASRuntime.coreName) × \(OpenBLASRuntime.threadCount) threads, seed \(run.seed)")
        if trainer.completedEpochs > 0 || trainer.globalStep > 0 {
            Diagnostics.print("descent: resuming after epoch \(trainer.completedEpochs), step \(trainer.globalStep)")
        }
    }

    /// One epoch: a JSON line on standard output with --json, else a line on standard error.
    func report(_ record: EpochRecord, epochs: Int) throws {
        if command.json {
            try StandardOutput.line(try JSONLine.encode(record))  // unbuffered: epoch lines reach a pipe as they happen
            return
        }
        guard !command.quiet else { return }
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "—" }
        var line = "epoch \(String(record.epoch).leftPadded(to: String(epochs).count))/\(epochs)  loss \(f(record.trainLoss))"
        if record.validationLoss != nil { line += "  val_loss \(f(record.validationLoss))" }
        if classification {
            line += "  acc \(f(record.trainAccuracy))"
            if record.validationAccuracy != nil { line += "  val_acc \(f(record.validationAccuracy))" }
        } else {
            line += "  rmse \(f(record.trainRMSE))"
            if record.validationRMSE != nil { line += "  val_rmse \(f(record.validationRMSE))  val_r2 \(f(record.validationR2))" }
        }
        if let lambdaMax = record.lambdaMax { line += "  λmax \(String(format: "%.4g", lambdaMax))" }
        if let lambdaMin = record.lambdaMin { line += "  λmin \(String(format: "%.4g", lambdaMin))" }
        if let trace = record.hessianTrace { line += "  tr(H) \(String(format: "%.4g", trace))" }
        if let share = record.subspaceFraction { line += "  top-k share \(String(format: "%.3f", share))" }
        if let saddle = record.saddleIndex { line += "  saddle index \(saddle)" }
        line += "  lr \(String(format: "%.3g", record.learningRate))  \(String(format: "%.2fs", record.seconds))  \(Int(record.samplesPerSecond)) samples/s"
        Diagnostics.print(line)
    }

    /// An event, as a diagnostic.
    func report(_ event: TrainingEvent) {
        switch event {
        case let .overfitting(epoch):
            Diagnostics.print("descent: warning: validation loss has risen for 3 epochs while training loss fell (epoch \(epoch)): "
                + "the model is overfitting. Try --l2 1e-4, --dropout 0.2, a smaller --layers, or more data"
                + (settings.earlyStopping == nil ? "; early stopping (on by default) would also stop it." : "."))
        case let .learningRateReduced(epoch, from, to):
            Diagnostics.print("descent: epoch \(epoch): validation loss plateaued; learning rate \(from) → \(to)")
        case let .earlyStop(epoch, bestEpoch, bestLoss):
            Diagnostics.print("descent: early stop at epoch \(epoch): validation loss has not improved for \(settings.earlyStopping?.patience ?? 0) "
                + "epochs; restoring the weights of epoch \(bestEpoch) (val_loss \(String(format: "%.4f", bestLoss)))")
        }
    }

    /// " in FILES" for the messages, or "".
    var savedWhere: String {
        let files = [command.out, command.history, command.plot].compactMap { $0 }
        return files.isEmpty ? " (no --out, --history or --plot given: nothing written)" : " in " + files.joined(separator: ", ")
    }

    /// Writes the model (the network's state, or `finalModel`), the resume state, the history and
    /// the plot: every file to a temporary first, then all renamed into place; a second signal
    /// meanwhile waits for the end of the write (`Interrupt.deferringSignals`), so the model and its
    /// resume state (stamped with one run and checkpoint id) are both new or both old.
    func write<Scalar: BLASScalar>(run: TrainingRun<Scalar>, finalModel: [NamedTensor]?, writeResume: Bool = true) throws {
        let trainer = run.trainer
        try Interrupt.deferringSignals {
            var staged: [AtomicFile.Staged] = []
            do {
                if let out = command.out {
                    var pair = try run.checkpointPair(modelState: finalModel, runID: runID)
                    pair.model.metadata["train_arguments"] = try argumentsMetadata()
                    if let heldOut { pair.model.metadata[HeldOutRecord.metadataKey] = String(decoding: try JSONEncoder().encode(heldOut), as: UTF8.self) }
                    if writeResume { staged.append(try pair.resume.stage(to: CheckpointPair.resumePath(forModel: out))) }
                    staged.append(try pair.model.stage(to: out))
                }
                if let history = command.history { staged.append(try AtomicFile.stage(Data(trainer.history.csv.utf8), to: history)) }
                if let plot = command.plot {
                    let bestEpoch = trainer.bestState != nil ? trainer.earlyStopping?.bestEpoch : nil
                    staged.append(try AtomicFile.stage(Data(curves(trainer.history, bestEpoch: bestEpoch).utf8), to: plot))
                }
                try AtomicFile.commit(staged)
            } catch {
                AtomicFile.discard(staged)
                throw error
            }
        }
    }

    /// The command line as the checkpoint keeps it (provenance, shown by the report).
    func argumentsMetadata() throws -> String {
        String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
    }

    /// `--report`: the HTML page of the run so far (reloading itself every 5 s while `final` is
    /// false), and at the end with the scores of `reports` (the test rows, else the validation
    /// rows, with intervals and baselines), their confusion matrix and calibration or residuals.
    func writeReport<Scalar: BLASScalar>(run: TrainingRun<Scalar>, final: Bool, reports: ScoreReports? = nil) throws {
        guard let path = command.report else { return }
        let trainer = run.trainer
        var file = try run.modelFile()
        file.metadata["train_arguments"] = try argumentsMetadata()
        var inputs = ReportInputs()
        inputs.model = ModelSummary(path: command.out ?? "(no --out: the model is not saved)", file: file)
        inputs.history = trainer.history
        if final, let reports, let rows = scoredRows?.rows {
            let metrics = Evaluator.evaluate(trainer.network, on: EvaluationSet<Scalar>(dataset: prepared.dataset, rows: rows))
            inputs.evaluation = ("the \(rows.count) \(reports.name) rows, with the weights the model file keeps",
                                 EvaluationSummary(rows: rows.count, loss: metrics.loss, accuracy: metrics.accuracy,
                                                   classNames: classification ? prepared.dataset.classNames : [],
                                                   confusion: classification ? metrics.confusion : [], scores: reports.model,
                                                   linearScores: reports.linear))
        }
        inputs.sources = [ReportFact("data", dataPath)] + [command.out, command.history, command.plot].compactMap { $0 }.map { ReportFact("written", $0) }
        try AtomicFile.write(RunReport.document(inputs, refreshSeconds: final ? nil : 5).html(), to: path)
        if final && !command.quiet { Diagnostics.print("descent: wrote the report \(path)") }
    }

    /// Loss and accuracy (or RMSE) against epoch, training and validation, side by side, with the
    /// restored epoch marked; the sharpness panel with `--curvature-every`.
    func curves(_ history: TrainingHistory, bestEpoch: Int? = nil) -> String {
        let optimizer = settings.optimizer
        let usesMomentum = [.sgd, .momentum, .nesterov].contains(optimizer.kind) && optimizer.momentum > 0
        let panels = TrainingCharts.panels(history, bestEpoch: bestEpoch, momentum: usesMomentum ? optimizer.momentum : nil)
        // Loss, accuracy and sharpness on the first row; the gradient-subspace panels below them.
        return Figure(title: "descent train \(URL(fileURLWithPath: dataPath).lastPathComponent)", panels: panels,
                      columns: panels.count > 3 ? 3 : nil).svg()
    }

    /// The final result on standard output: the summary record with --json (for a diverged run
    /// too), else the text of a finished run.
    func summarize<Scalar: BLASScalar>(run: TrainingRun<Scalar>, result: TrainingResult, sharpness: MinimumSharpness? = nil,
                                       reports: ScoreReports? = nil) throws {
        if command.json {
            var summary = run.summary(of: result, model: command.out)
            summary.sharpness = sharpness
            if case let .diverged(divergence) = result.ending { summary.message = ErrorAdvice.message(for: divergence) }
            summary.scoredRows = reports?.name
            summary.scores = reports?.model
            summary.linearScores = reports?.linear
            try StandardOutput.line(try JSONLine.encode(summary))
            return
        }
        guard result.isFinished else { return }
        let trainer = run.trainer
        let (training, validation, test) = run.finalMetrics()
        let bestEpoch = result.restoredEpoch
        var lines: [String] = []
        let stop = trainer.stoppedEarly ? "stopped early after \(Plural.count(trainer.completedEpochs, "epoch"))" : "trained \(trainer.completedEpochs) epoch\(trainer.completedEpochs == 1 ? "" : "s")"
        lines.append("\(stop), \(Plural.count(trainer.globalStep, "step"))" + (bestEpoch.map { "; weights of epoch \($0) (best validation loss)" } ?? ""))
        func describe(_ name: String, _ metrics: EvaluationMetrics) -> String {
            var text = "\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) loss \(String(format: "%.4f", metrics.loss))"
            if let accuracy = metrics.accuracy { text += "  accuracy \(String(format: "%.4f", accuracy))" }
            if let rmse = metrics.rmse { text += "  rmse \(String(format: "%.4g", rmse))" }
            if let r2 = metrics.r2 { text += "  r2 \(String(format: "%.4f", r2))" }
            return text
        }
        lines.append(describe("training", training))
        if let validation { lines.append(describe("validation", validation)) }
        if let test { lines.append(describe("test", test)) }
        if let sharpness { lines.append("sharpness  " + SharpnessText.line(sharpness)) }
        if let reports { lines += Self.scoreLines(name: reports.name, model: reports.model, linear: reports.linear) }
        if let out = command.out { lines.append("model      \(out) (resume state: \(CheckpointPair.resumePath(forModel: out)))") }
        if let history = command.history { lines.append("history    \(history)") }
        if let plot = command.plot { lines.append("curves     \(plot)") }
        try StandardOutput.line(lines.joined(separator: "\n"))
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
