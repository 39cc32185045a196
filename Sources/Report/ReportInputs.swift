import Descent
import Foundation

/// A model file's description: its path, the metadata descent stored in it and its size.
public struct ModelSummary: Sendable, Equatable {
    /// Where it was read from (or will be written to).
    public var path: String
    /// The safetensors `__metadata__` (architecture, feature and class names, optimizer, …).
    public var metadata: [String: String]
    /// The number of parameters (tensor elements, excluding buffers such as running means).
    public var parameterCount: Int

    /// Creates a summary.
    public init(path: String, metadata: [String: String], parameterCount: Int) {
        self.path = path
        self.metadata = metadata
        self.parameterCount = parameterCount
    }

    /// The summary of a checkpoint file's contents.
    public init(path: String, file: SafeTensorsFile) {
        self.init(path: path, metadata: file.metadata,
                  parameterCount: file.tensors.filter { !$0.name.hasSuffix("running_mean") && !$0.name.hasSuffix("running_var") && !$0.name.hasSuffix("num_batches_tracked") }
                      .reduce(0) { $0 + $1.shape.reduce(1, *) })
    }
}

/// A picture given as an SVG file (a landscape, any chart descent drew).
public struct ReportPicture: Sendable, Equatable {
    /// The file it came from.
    public var path: String
    /// The SVG document.
    public var svg: String

    /// Creates a picture.
    public init(path: String, svg: String) {
        self.path = path
        self.svg = svg
    }
}

/// Everything a report page can show, each part optional: what a training run and the commands
/// run beside it wrote.
public struct ReportInputs: Sendable, Equatable {
    /// The model and its metadata.
    public var model: ModelSummary?
    /// The per-epoch history.
    public var history: TrainingHistory?
    /// Where the confusion matrix came from and the matrix.
    public var evaluation: (source: String, summary: EvaluationSummary)?
    /// `hessian --json`.
    public var hessian: HessianSummary?
    /// `hessian --spectrum` eigenvalues.
    public var eigenvalues: [Double]?
    /// `compare --json`.
    public var race: RaceSummary?
    /// `compare --history` runs.
    public var raceRuns: [RaceRun] = []
    /// Search results (every `.jsonl` given, merged).
    public var trials: [TrialResult] = []
    /// `train --folds K --json`: the folds' scores and their mean ± sd.
    public var crossValidation: CrossValidationRecord?
    /// `compare --folds K --json`: every optimizer's folds, their mean ± sd and the pairs' tests.
    public var comparison: CrossValidatedComparison?
    /// SVG files given.
    public var pictures: [ReportPicture] = []
    /// The files read, by kind, for the page's "sources" list.
    public var sources: [ReportFact] = []
    /// Files skipped and why.
    public var skipped: [ReportFact] = []

    /// Empty inputs.
    public init() {}

    /// Whether there is anything to show.
    public var isEmpty: Bool {
        model == nil && history == nil && evaluation == nil && hessian == nil && eigenvalues == nil && race == nil
            && raceRuns.isEmpty && trials.isEmpty && pictures.isEmpty && crossValidation == nil
            && comparison == nil
    }

    /// Inputs are equal when everything shown is (the lists of files read and skipped aside).
    public static func == (lhs: ReportInputs, rhs: ReportInputs) -> Bool {
        lhs.model == rhs.model && lhs.history == rhs.history && lhs.evaluation?.source == rhs.evaluation?.source
            && lhs.evaluation?.summary == rhs.evaluation?.summary && lhs.hessian == rhs.hessian && lhs.eigenvalues == rhs.eigenvalues
            && lhs.race == rhs.race && lhs.raceRuns == rhs.raceRuns && lhs.trials == rhs.trials && lhs.pictures == rhs.pictures
            && lhs.crossValidation == rhs.crossValidation && lhs.comparison == rhs.comparison
    }
}
