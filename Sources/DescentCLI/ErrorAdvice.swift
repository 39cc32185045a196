import Descent

/// What `descent` prints for an error. Library errors carry the quantities and describe the problem
/// in the library's terms; here, and only here, they become advice that names this CLI's flags.
enum ErrorAdvice {
    /// The flags of the library's setting names (`DataError.invalidOption`).
    static let flags = ["batchSize": "--batch-size", "samples": "--samples", "classes": "--classes", "features": "--features"]

    /// The message for `error`, with advice naming flags where the error is the library's.
    static func message(for error: Error) -> String {
        switch error {
        case let error as DataError: return message(for: error)
        case let error as InputFileError:
            let text = message(for: error.underlying)
            return text.contains(error.path) ? text : "\(error.path): \(text)"
        case let error as CurvatureError: return message(for: error)
        case let error as CheckpointError:
            guard case .notADescentCheckpoint = error else { return error.description }
            return error.description + "; train one with `descent train … --out FILE`"
        case let error as TrainingDivergence: return message(for: error)
        case let error as SearchError: return message(for: error)
        case let error as LandscapeError: return message(for: error)
        default: return "\(error)"
        }
    }

    /// A data error, naming `--missing`, `--max-categories`, `--drop`, `--val-split`, … where they help.
    static func message(for error: DataError) -> String {
        switch error {
        case .missingValues: return error.problem + " (use --missing drop|mean|median)"
        case let .tooManyCategories(columnName, found, maximum):
            return "column \(TextExcerpt.quoted(columnName)) has \(found) distinct text values, more than --max-categories \(maximum) "
                + "(raise it or --drop the column)"
        case .tooLargeForMemory: return error.problem + " (use fewer rows, --drop columns or lower --max-categories)"
        case .nonFiniteStatistic: return error.problem + " (values this large cannot be standardized: rescale the column, or --drop it)"
        case let .invalidSplitFraction(part, value):
            return "\(part == .validation ? "--val-split" : "--test-split") \(value) is out of range: "
                + "each fraction must be in [0, 1) and together below 1"
        case let .invalidOption(name, value, expected): return "\(flags[name] ?? name) \(value) is invalid: expected \(expected)"
        case let .targetDropped(name):
            return "--drop names the target column \(TextExcerpt.quoted(name)); choose another target with --target or drop another column"
        case let .fillValueNotStored(policy, columnName, trainedWith):
            return "--missing \(policy.rawValue): the checkpoint stores no \(policy.rawValue) for column \(TextExcerpt.quoted(columnName)) "
                + "(it was trained with --missing \(trainedWith.rawValue)); use --missing mean with a standardized model, or leave the rows unscored"
        default: return error.description
        }
    }

    /// A curvature error; a Hessian too large for memory points to `--top K`.
    static func message(for error: CurvatureError) -> String {
        guard case .hessianTooLarge = error else { return error.description }
        return error.description + "; use --top K (Lanczos on Hessian-vector products) instead"
    }

    /// A divergence, with a learning rate ten times lower and gradient clipping to try.
    static func message(for divergence: TrainingDivergence) -> String {
        divergence.description + ". Lower the learning rate (e.g. --lr \(divergence.learningRate / 10)), or clip gradients with --clip-norm 1"
    }

    /// A landscape error, naming the flag of the parameter or setting.
    static func message(for error: LandscapeError) -> String {
        switch error {
        case let .invalidParameter(parameter, value, expected), let .invalidSetting(parameter, value, expected):
            return "--\(parameter) \(value) is invalid: expected \(expected)"
        case let .parameterNotApplicable(parameter, function, takenBy):
            return "--\(parameter) does not apply to \(function); it applies to \(takenBy.joined(separator: ", "))"
        case .unknownFunction: return error.description
        }
    }

    /// A search error, naming `--param` or `--shard`.
    static func message(for error: SearchError) -> String {
        switch error {
        case let .malformedParameter(text, reason):
            return "--param '\(text)': \(reason). Forms: NAME=log:LOW:HIGH, NAME=uniform:LOW:HIGH, NAME=int:LOW:HIGH, NAME=choice:A|B|C"
        case let .duplicateParameter(name): return "--param \(name) is given twice"
        case let .malformedShard(text): return "--shard '\(text)' must be i/n with 0 ≤ i < n, like 0/4 (the trials i, i+n, i+2n, … of the list)"
        case .malformedResult, .preferParameter: return error.description
        }
    }
}
