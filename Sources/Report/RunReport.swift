import Descent
import Foundation
import Plot

/// The report page of a run and what was computed beside it: one section per kind of input
/// present (run, training curves, confusion matrix, curvature, Hessian, race, search, pictures),
/// then the list of files read.
public enum RunReport {
    /// The document for `inputs`. `refreshSeconds` makes a browser reload it (a run in progress).
    public static func document(_ inputs: ReportInputs, title: String? = nil, refreshSeconds: Int? = nil) -> ReportDocument {
        var sections: [ReportSection] = []
        if let model = inputs.model { sections.append(runSection(model, history: inputs.history)) }
        if let history = inputs.history, !history.records.isEmpty { sections += trainingSections(history, model: inputs.model) }
        if let evaluation = inputs.evaluation { sections += EvaluationSections.sections(evaluation.source, evaluation.summary) }
        if let crossValidation = inputs.crossValidation { sections.append(CrossValidationSection.section(crossValidation)) }
        if let comparison = inputs.comparison { sections.append(CrossValidatedComparisonSection.section(comparison)) }
        if inputs.hessian != nil || inputs.eigenvalues != nil { sections.append(HessianSection.section(inputs.hessian, inputs.eigenvalues)) }
        if inputs.race != nil || !inputs.raceRuns.isEmpty { sections.append(RaceSection.section(inputs.race, inputs.raceRuns)) }
        if !inputs.trials.isEmpty { sections.append(SearchSection.section(inputs.trials)) }
        if !inputs.pictures.isEmpty {
            sections.append(ReportSection(title: "Pictures", blocks: inputs.pictures.map {
                .figure(svg: $0.svg, caption: ($0.path as NSString).lastPathComponent)
            }))
        }
        var sourceBlocks: [ReportBlock] = [.facts(inputs.sources)]
        if !inputs.skipped.isEmpty { sourceBlocks += [.paragraph("Not shown:"), .facts(inputs.skipped)] }
        sections.append(ReportSection(title: "Files read", blocks: sourceBlocks))
        let name = title ?? inputs.model.map { "Run report: " + ($0.path as NSString).lastPathComponent } ?? "Descent report"
        let subtitle = "descent \(DescentVersion.string)" + (refreshSeconds != nil ? " · run in progress, this page reloads itself" : "")
        return ReportDocument(title: name, subtitle: subtitle, sections: sections, refreshSeconds: refreshSeconds)
    }

    /// The configuration and data summary from the model's metadata.
    static func runSection(_ model: ModelSummary, history: TrainingHistory?) -> ReportSection {
        let meta = model.metadata
        func list(_ key: String) -> [String]? {
            meta[key].flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        }
        var facts = [ReportFact("model file", model.path)]
        if let task = meta["task"] { facts.append(ReportFact("task", task)) }
        if let modules = list("architecture") { facts.append(ReportFact("architecture", modules.joined(separator: " → "))) }
        facts.append(ReportFact("parameters", String(model.parameterCount)))
        if let features = list("feature_names") { facts.append(ReportFact("features (\(features.count))", features.joined(separator: ", "))) }
        if let classes = list("class_names"), !classes.isEmpty { facts.append(ReportFact("classes (\(classes.count))", classes.joined(separator: ", "))) }
        if let optimizer = meta["optimizer"],
           let settings = try? JSONDecoder().decode([String: String].self, from: Data(optimizer.utf8)) {
            facts.append(ReportFact("optimizer", settings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        }
        for key in ["seed", "epoch", "step", "best_epoch", "descent_version"] {
            if let value = meta[key] { facts.append(ReportFact(key.replacingOccurrences(of: "_", with: " "), value)) }
        }
        if let arguments = list("train_arguments") { facts.append(ReportFact("command", "descent train " + arguments.joined(separator: " "))) }
        if let last = history?.records.last {
            var result = "epoch \(last.epoch): train loss \(number(last.trainLoss))"
            if let loss = last.validationLoss { result += ", validation loss \(number(loss))" }
            if let accuracy = last.validationAccuracy { result += ", validation accuracy \(number(accuracy))" }
            facts.append(ReportFact("last epoch", result))
        }
        return ReportSection(title: "Run", blocks: [.facts(facts)])
    }

    /// Loss and accuracy curves with the restored epoch, the curvature panel and the gradient-subspace
    /// panels (subspace_fraction, saddle_index) when the run measured them.
    static func trainingSections(_ history: TrainingHistory, model: ModelSummary?) -> [ReportSection] {
        let best = model?.metadata["best_epoch"].flatMap(Int.init)
        let momentum = model.flatMap { momentumOf($0.metadata) }
        let panels = TrainingCharts.panels(history, bestEpoch: best, momentum: momentum)
        let curves = Figure(panels: Array(panels.prefix(2)), panelWidth: 560, panelHeight: 400).svg()
        let stop = best.map { "The vertical line marks epoch \($0), whose weights early stopping restored (the model file's best_epoch)." }
            ?? "No early-stop epoch is recorded in the model file."
        var sections = [ReportSection(title: "Training curves", blocks: [
            .figure(svg: curves, caption: "Loss and accuracy per epoch, training (solid) and validation (dashed). " + stop),
        ])]
        if let sharpness = TrainingCharts.sharpness(history, momentum: momentum) {
            sections.append(ReportSection(title: "Curvature", blocks: [
                .figure(svg: sharpness.svg(width: 1120, height: 420),
                        caption: "Sharpness λmax (Lanczos on exact Hessian-vector products) per measured epoch against the stability line 2/lr of gradient descent."),
            ]))
        }
        let subspace = TrainingCharts.subspace(history)
        if !subspace.isEmpty {
            sections.append(ReportSection(title: "Where the gradient lives", blocks: [
                .figure(svg: Figure(panels: subspace, panelWidth: 560, panelHeight: 400).svg(),
                        caption: "Per measured epoch: the share ‖P_k g‖²/‖g‖² of the full-batch gradient's squared norm in the span of the top-k Hessian eigenvectors (Gur-Ari et al. 2018: near 1 after a few epochs), and the saddle index, the number of negative eigenvalues among the k smallest (0 at a minimum)."),
            ]))
        }
        return sections
    }

    /// Heavy-ball momentum μ from the stored optimizer settings, for the (2 + 2μ)/lr line.
    static func momentumOf(_ metadata: [String: String]) -> Double? {
        guard let description = try? ModelCheckpoint.description(of: SafeTensorsFile(tensors: [], metadata: metadata), path: "model"),
              description.secondOrderMethod == nil, [.sgd, .momentum, .nesterov].contains(description.optimizer.kind),
              description.optimizer.momentum > 0 else { return nil }
        return description.optimizer.momentum
    }

    /// Four significant digits, a true minus sign.
    static func number(_ value: Double) -> String {
        value.isFinite ? String(format: "%.4g", value).replacingOccurrences(of: "-", with: "−") : "—"
    }
}
