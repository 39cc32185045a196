import Foundation

/// A model file and its resume state are written as a pair: both carry the same `run_id` (one
/// training run, kept across resumes) and `checkpoint_id` (one write of the pair) in their
/// metadata, and are renamed into place together. A pair whose ids differ — the model of one write
/// beside the resume state of another, e.g. after a crash between the two renames — is refused, so
/// a resume never silently continues an older run.
public enum CheckpointPair {
    /// The metadata key of the run id.
    public static let runKey = "run_id"
    /// The metadata key of the id of one write of the pair.
    public static let checkpointKey = "checkpoint_id"

    /// A fresh id (a random UUID).
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// Stamps both files with `runID` and a fresh checkpoint id.
    public static func stamp(model: inout SafeTensorsFile, resume: inout SafeTensorsFile, runID: String) {
        let checkpoint = newID()
        for key in [(runKey, runID), (checkpointKey, checkpoint)] {
            model.metadata[key.0] = key.1
            resume.metadata[key.0] = key.1
        }
    }

    /// Throws `CheckpointPairError.mismatched` unless both files carry the same run and checkpoint
    /// ids. Files written before ids existed (neither has any) pass.
    public static func verify(model: SafeTensorsFile, modelPath: String, resume: SafeTensorsFile, resumePath: String) throws(CheckpointPairError) {
        let modelIDs = (model.metadata[runKey], model.metadata[checkpointKey])
        let resumeIDs = (resume.metadata[runKey], resume.metadata[checkpointKey])
        if modelIDs.0 == nil && modelIDs.1 == nil && resumeIDs.0 == nil && resumeIDs.1 == nil { return }
        guard modelIDs.0 == resumeIDs.0 && modelIDs.1 == resumeIDs.1 else {
            throw .mismatched(modelPath: modelPath, modelRun: modelIDs.0, resumePath: resumePath, resumeRun: resumeIDs.0,
                              sameRun: modelIDs.0 != nil && modelIDs.0 == resumeIDs.0)
        }
    }
}

/// A model and a resume file that were not written together.
public enum CheckpointPairError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The ids differ; `sameRun` when only the checkpoint (the moment of writing) differs.
    case mismatched(modelPath: String, modelRun: String?, resumePath: String, resumeRun: String?, sameRun: Bool)

    public var description: String {
        switch self {
        case let .mismatched(modelPath, modelRun, resumePath, resumeRun, sameRun):
            let what = sameRun
                ? "are from the same run (\(modelRun ?? "?")) but from different checkpoints"
                : "are from different runs (\(modelRun ?? "none") and \(resumeRun ?? "none"))"
            return "\(modelPath) and its resume state \(resumePath) \(what): they were not written together, "
                + "so resuming would continue from the wrong state. Train again, or resume from a model whose resume file was written with it"
        }
    }
}
