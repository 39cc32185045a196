import COpenBLAS

/// The OpenBLAS library as loaded in this process: its thread count, the kernel family ("core")
/// it chose for this CPU, and its build configuration.
public enum OpenBLASRuntime {
    /// The environment variable that sets Descent's thread count when no flag does.
    public static let threadsVariable = "DESCENT_THREADS"

    /// The number of threads OpenBLAS uses (`openblas_get_num_threads`).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of OpenBLAS threads (`openblas_set_num_threads`); `count` must be ≥ 1.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "OpenBLAS thread count must be at least 1, got \(count)")
        openblas_set_num_threads(Int32(count))
    }

    /// Chooses the thread count: `requested` (a `--threads` flag) when given, otherwise
    /// `DESCENT_THREADS` from `environment` when set, otherwise OpenBLAS's own default (all cores).
    /// Applies and returns it. A value that is not a whole number ≥ 1 throws, naming its source.
    @discardableResult
    public static func configureThreads(requested: Int?, environment: [String: String]) throws -> Int {
        if let requested {
            guard requested >= 1 else {
                throw LinalgError.invalidArgument(routine: "--threads", message: "needs a whole number ≥ 1, got \(requested)")
            }
            setThreadCount(requested)
        } else if let text = environment[threadsVariable] {
            guard let value = Int(text.filter { !$0.isWhitespace }), value >= 1 else {
                throw LinalgError.invalidArgument(routine: threadsVariable, message: "needs a whole number ≥ 1, got '\(text)'")
            }
            setThreadCount(value)
        }
        return threadCount
    }

    /// The kernel family OpenBLAS runs on this CPU (`openblas_get_corename`), e.g. "Zen", "SkylakeX",
    /// or "Prescott" when it did not recognise the processor.
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration (`openblas_get_config`), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH …".
    public static var configuration: String { String(cString: openblas_get_config()) }
}
