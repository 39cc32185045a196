import Descent
import Foundation
import Plot

/// The sections of an evaluation (`evaluate --json`, or `train --report`'s scored rows): the
/// scores with their intervals beside the linear model and the baseline, the confusion matrix,
/// and the reliability diagram (classification) or the residual plot (regression).
enum EvaluationSections {
    static func sections(_ source: String, _ summary: EvaluationSummary, outputNames: [String] = []) -> [ReportSection] {
        var sections = [scores(source, summary)]
        if let counts = summary.confusionMatrix, !counts.isEmpty { sections.append(confusion(source, summary, counts)) }
        if let model = summary.scores {
            let calibration = EvaluationCharts.calibration(model, linear: summary.linearScores)
            if !calibration.isEmpty {
                sections.append(ReportSection(title: "Calibration", blocks: [
                    .figure(svg: Figure(panels: calibration, panelWidth: 560, panelHeight: 440).svg(), caption: calibrationCaption(model, summary.linearScores)),
                ]))
            }
            let residuals = EvaluationCharts.residuals(model, outputNames: outputNames)
            if !residuals.isEmpty, let sample = model.residuals {
                let sampled = sample.rows.count < sample.rowCount
                    ? "\(sample.rows.count) of the \(sample.rowCount) scored rows, evenly spaced" : "all \(sample.rowCount) scored rows"
                sections.append(ReportSection(title: "Residuals", blocks: [
                    .figure(svg: Figure(panels: residuals, panelWidth: 560, panelHeight: 420).svg(),
                            caption: "Residual y − ŷ (observed minus predicted) of \(sampled), against the prediction and as a histogram. "
                                + "A band even around 0 is what a good fit leaves; a funnel means the error grows with ŷ, a curve a trend the model missed."),
                ]))
            }
        }
        return sections
    }

    /// The scores table with intervals and baselines, or the plain scores of an older file.
    static func scores(_ source: String, _ summary: EvaluationSummary) -> ReportSection {
        let f = RunReport.number
        var blocks: [ReportBlock] = []
        var facts: [ReportFact] = []
        if let rows = summary.rows { facts.append(ReportFact("rows scored", String(rows))) }
        if let loss = summary.loss { facts.append(ReportFact("loss", f(loss))) }
        if let model = summary.scores {
            blocks.append(.paragraph("Scored on \(source)." + (summary.heldOut == true ? " These are exactly the rows train --test-split held out of training and validation." : "")))
            if let seen = summary.rowsSeenInTraining, seen > 0 {
                blocks.append(.paragraph("Warning: \(seen) of the scored rows were used in training or validation (same features and target as a training row): these scores are optimistic. Score held-out rows (train --test-split 0.2, then evaluate --held-out)."))
            }
            blocks.append(ScoreTable.block(model: model, linear: summary.linearScores))
            blocks.append(.paragraph(ScoreTable.method(model) + " The baseline is fitted on the training rows only: "
                + (model.classification != nil ? "every row gets the training class frequencies, so it predicts the majority class." : "every row gets the training mean.")
                + " The linear model is the same network with no hidden layer on the same rows and loss, fitted by L-BFGS to its optimum (the problem is convex): a network that does not beat it does not earn its keep."))
        } else {
            if let accuracy = summary.accuracy { facts.append(ReportFact("accuracy", f(accuracy))) }
            for (name, value) in [("RMSE", summary.rmse), ("MAE", summary.mae), ("R²", summary.r2)] {
                if let value { facts.append(ReportFact(name, f(value))) }
            }
            blocks.append(.paragraph("Scored on \(source). The file has no intervals or baselines (written by descent before 0.2, or without scores)."))
        }
        if !facts.isEmpty { blocks.insert(.facts(facts), at: 0) }
        return ReportSection(title: "Scores", blocks: blocks)
    }

    static func confusion(_ source: String, _ summary: EvaluationSummary, _ counts: [[Int]]) -> ReportSection {
        var names = summary.classes?.map(\.class) ?? []
        if names.count != counts.count { names = (0..<counts.count).map { "class \($0)" } }
        return ReportSection(title: "Confusion matrix", blocks: [
            .confusion(classes: names, counts: counts, caption: "Rows: true class; columns: predicted. Source: \(source)."),
        ])
    }

    static func calibrationCaption(_ model: ScoreReport, _ linear: ScoreReport?) -> String {
        func ece(_ report: ScoreReport) -> String {
            ScoreTable.cell(report.classification?.expectedCalibrationError, report.intervals["expected_calibration_error"])
        }
        var text = "Rows binned by their top-class confidence (10 equal bins); per bin, the fraction predicted right against the mean confidence. "
            + "Points below the diagonal are over-confident bins, above it under-confident ones. "
            + "Expected calibration error ECE = Σ (bin rows/n)·|accuracy − confidence| (Guo et al. 2017): model \(ece(model))"
        if let linear, linear.calibration != nil { text += ", linear model \(ece(linear))" }
        return text + ". The right panel counts the model's rows per bin: a bin of few rows is a noisy point."
    }
}
