import Descent

/// The advice, naming flags, for a library `TrainingRun` that cannot be set up: the library's
/// typed errors turned into usage errors (exit 64) by `descent train` and `descent compare`.
enum TrainingRunFlags {
    /// Runs `body`, rewording a second-order method the model does not allow as a usage error of
    /// `flag` (`--optimizer` or `--optimizers`), with `dropAdvice` and `newtonAdvice` saying what to change.
    static func mapping<T>(flag: String, dropAdvice: String = "drop --batch-norm/--dropout",
                           newtonAdvice: String = "use --optimizer lbfgs, or a smaller --layers", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let TrainingRunError.secondOrderUnsupported(method, reason) {
            throw CLIUsageError(description: "\(flag) \(method.rawValue) is full-batch on a fixed objective; the model has \(reason): \(dropAdvice)")
        } catch let CurvatureError.hessianTooLarge(parameters, needed, allowed, maximum) {
            throw CLIUsageError(description: "\(flag) newton: the full Hessian of \(parameters) parameters needs \(MemoryBudget.format(needed)) "
                + "(\(parameters)×\(parameters) Double), more than the \(MemoryBudget.format(allowed)) allowed "
                + "(at most \(maximum) parameters); \(newtonAdvice)")
        }
    }
}
