import Foundation

/// How a k-fold cross-validation runs beyond the run's own configuration: how many folds train at
/// once, how the classes of each fold's loss are weighted, and which models are saved.
public struct CrossValidationPlan: Sendable {
    /// Folds trained at the same time (at most K). Above 1 each fold's BLAS calls run on one
    /// thread, so the results are the same bits for every value.
    public var parallelism: Int
    /// The class weights of each fold's loss, computed from that fold's training rows.
    public var classWeighting: ClassWeighting
    /// Where models are saved: the K fold models at `foldModelPath(_:fold:)`, or with `refit` the
    /// one model trained on all rows here; nil saves nothing.
    public var modelPath: String?
    /// Whether to train one model on all rows for the folds' mean best epoch count (scikit-learn's
    /// `refit`) and save it instead of the fold models.
    public var refit: Bool
    /// Entries added to every saved model's metadata (e.g. the command line).
    public var metadata: [String: String]

    /// A plan; by default one fold at a time, unweighted classes, nothing saved.
    public init(parallelism: Int = 1, classWeighting: ClassWeighting = .none, modelPath: String? = nil, refit: Bool = false,
                metadata: [String: String] = [:]) {
        self.parallelism = parallelism
        self.classWeighting = classWeighting
        self.modelPath = modelPath
        self.refit = refit
        self.metadata = metadata
    }

    /// "iris.safetensors" → "iris.fold1.safetensors": the model of `fold` (0-based; numbered from 1 in the name).
    public static func foldModelPath(_ path: String, fold: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.isEmpty ? "safetensors" : url.pathExtension
        return url.deletingPathExtension().path + ".fold\(fold + 1)." + ext
    }

    /// The model files the plan writes for `foldCount` folds (each with its resume state beside
    /// it), in fold order, or the refit model; empty without `modelPath`.
    public func modelPaths(foldCount: Int) -> [String] {
        guard let modelPath else { return [] }
        return refit ? [modelPath] : (0..<foldCount).map { Self.foldModelPath(modelPath, fold: $0) }
    }
}

/// What a cross-validation reports while it runs. With `parallelism` above 1 its methods are
/// called from several threads at once: an implementation guards its own state. Every method has
/// a default.
public protocol CrossValidationObserver: AnyObject, Sendable {
    /// The observer of the run that trains `fold` (nil: the refit on all rows), asked on the
    /// thread that trains it; its `shouldStop()` stops that run (and with it the cross-validation).
    func trainingObserver(fold: Int?) -> any TrainingObserver
    /// A fold finished: its scores, the epochs it trained and its history.
    func foldFinished(_ result: FoldResult, completedEpochs: Int, history: TrainingHistory)
    /// The refit model starts training on `rowCount` rows for `epochs` epochs.
    func refitStarted(epochs: Int, rowCount: Int)
}

extension CrossValidationObserver {
    /// A silent observer that never stops.
    public func trainingObserver(fold: Int?) -> any TrainingObserver { SilentTrainingObserver() }
    /// Ignores the fold.
    public func foldFinished(_ result: FoldResult, completedEpochs: Int, history: TrainingHistory) {}
    /// Ignores the refit.
    public func refitStarted(epochs: Int, rowCount: Int) {}
}

/// A cross-validation observer that reports nothing.
public final class SilentCrossValidationObserver: CrossValidationObserver {
    /// A silent observer.
    public init() {}
}

/// A cross-validation that did not finish.
public enum CrossValidationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The loss of `fold`'s run (nil: the refit) stopped being finite.
    case diverged(fold: Int?, TrainingDivergence)
    /// `fold`'s run (nil: the refit) was asked to stop during `epoch`.
    case interrupted(fold: Int?, epoch: Int)

    /// The message, naming the fold (numbered from 1).
    public var description: String {
        switch self {
        case let .diverged(fold, divergence): return "\(Self.name(fold)): \(divergence)"
        case let .interrupted(fold, epoch): return "\(Self.name(fold)) was stopped during epoch \(epoch)"
        }
    }

    /// "fold 3" or "the refit on all rows".
    static func name(_ fold: Int?) -> String { fold.map { "fold \($0 + 1)" } ?? "the refit on all rows" }
}
