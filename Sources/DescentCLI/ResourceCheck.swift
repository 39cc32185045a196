import ArgumentParser
import Descent
import Foundation

/// Estimates every allocation a flag sizes before it is made, and words a refusal: the flag, the
/// bytes it would need, the bytes available and what to do instead (exit 64).
enum ResourceCheck {
    /// The memory available, `DESCENT_MEMORY_LIMIT` bytes when that is set and smaller (for tests
    /// and shared machines), else what the kernel reports.
    static var availableBytes: Int {
        let measured = MemoryBudget.availableBytes()
        guard let text = ProcessInfo.processInfo.environment["DESCENT_MEMORY_LIMIT"], let limit = Int(text), limit > 0 else { return measured }
        return min(limit, measured)
    }

    /// The batch a training run allocates for: `batchSize` capped at the training rows (a batch
    /// cannot hold more rows than there are, as PyTorch's DataLoader), and the note saying so.
    static func cappedBatch(_ batchSize: Int, trainingRows: Int) -> (batch: Int, note: String?) {
        guard batchSize > trainingRows, trainingRows > 0 else { return (batchSize, nil) }
        return (trainingRows, "descent: --batch-size \(batchSize) is more than the \(Plural.count(trainingRows, "training row")); "
            + "using \(trainingRows) (full batch)")
    }

    /// Refuses a network that would not fit: `--layers` when its weights alone are too large, else
    /// `--batch-size` (workspaces grow with the batch).
    /// `layers` is the flag as the user gave it (default `--layers` and the hidden widths).
    static func training(_ spec: NetworkSpec, batchSize: Int, scalarBytes: Int, layers: String? = nil) throws {
        let available = availableBytes
        let needed = spec.trainingBytes(maxBatchSize: max(batchSize, 256), scalarBytes: scalarBytes)
        guard needed > available else { return }
        let parameters = spec.parameterCountEstimate
        let withoutBatch = spec.trainingBytes(maxBatchSize: 1, scalarBytes: scalarBytes)
        let count = parameters == .max ? "more than 2⁶³" : String(parameters)
        if withoutBatch > available {
            let widths = ([spec.inputCount] + spec.hiddenSizes + [spec.outputCount]).map(String.init).joined(separator: "→")
            let flag = layers ?? "--layers \(spec.hiddenSizes.map(String.init).joined(separator: ","))"
            throw CLIUsageError(description: "\(flag): a network \(widths) has \(count) parameters; "
                + "training it needs \(MemoryBudget.format(needed)), but \(MemoryBudget.format(available)) of memory are available. "
                + "Use narrower or fewer layers")
        }
        throw CLIUsageError(description: "--batch-size \(batchSize): the layers' workspaces for batches of \(batchSize) rows need "
            + "\(MemoryBudget.format(needed)) in all, but \(MemoryBudget.format(available)) of memory are available. Use a smaller --batch-size")
    }

    /// Refuses buffers of `bytes` sized by `flag` (as given, e.g. "--update-size 1000000000000").
    static func buffers(_ bytes: Int, flag: String, what: String) throws {
        let available = availableBytes
        guard bytes > available else { return }
        throw CLIUsageError(description: "\(flag): \(what) need \(MemoryBudget.format(bytes)), but \(MemoryBudget.format(available)) "
            + "of memory are available. Use a smaller \(flag.split(separator: " ").first ?? "value")")
    }

    /// Refuses a Lanczos basis of `vectors` × `dimension` doubles that would not fit; `advice` says what to do.
    static func lanczos(vectors: Int, dimension: Int, flag: String, advice: String) throws {
        let needed = MemoryBudget.product(vectors, dimension, 8)
        do {
            try MemoryBudget.check(needed, for: .lanczosBasis(vectors: vectors, dimension: dimension), available: availableBytes)
        } catch {
            throw CLIUsageError(description: "\(flag): \(error). \(advice)")
        }
    }

    /// Refuses a full n×n Hessian whose matrix and working copy (2·8·n² bytes) would not fit.
    static func fullHessian(parameters n: Int, flag: String) throws {
        let needed = MemoryBudget.product(HessianMemoryGuard.bytes(parameters: n), 2)
        do {
            try MemoryBudget.check(needed, for: .hessian(parameters: n), available: availableBytes)
        } catch {
            throw CLIUsageError(description: "\(flag): \(error) (the matrix and a working copy). Use --top K (Lanczos on Hessian-vector products) instead")
        }
    }
}

extension ResourceCheck {
    /// The resident memory of one `descent train` trial process before its network (measured: about
    /// 40 MB for iris; rounded up).
    static let trialProcessBytes = 64_000_000

    /// Refuses a trial whose network could not fit whatever the data: its hidden layers with one
    /// input and two outputs (a lower bound of the real network).
    static func trial(_ command: TrainCommand) throws {
        let spec = NetworkSpec(inputCount: 1, hiddenSizes: try command.model.hiddenSizes(), outputCount: 2,
                               batchNorm: command.model.batchNorm, dropout: command.model.dropout)
        try training(spec, batchSize: 1, scalarBytes: command.step.precision == .float ? 4 : 8)
    }

    /// Refuses a search whose trial list or `--jobs` processes would not fit: the list takes about
    /// 1 kB per trial; each running trial is a process.
    static func search(_ space: SearchSpace, command: SearchRunCommand) throws {
        if command.strategy == .grid {
            let points = command.gridPoints ?? space.gridPoints(forTrials: command.trials)
            let counts = space.parameters.map { parameter -> Int in
                if case let .choice(values) = parameter.distribution { return values.count }
                return points
            }
            let size = MemoryBudget.product(counts)
            try buffers(MemoryBudget.product(size, 1024), flag: command.gridPoints.map { "--grid-points \($0)" } ?? "--trials \(command.trials)",
                        what: "a grid of \(size == .max ? "more than 2⁶³" : String(size)) trials")
        } else {
            try buffers(MemoryBudget.product(command.trials, 1024), flag: "--trials \(command.trials)", what: "the list of \(command.trials) trials")
        }
        let running = min(command.jobs, command.trials)
        let available = availableBytes
        let needed = MemoryBudget.product(running, trialProcessBytes)
        if needed > available {
            throw CLIUsageError(description: "--jobs \(command.jobs): \(MemoryUse.processes(count: running, bytesEach: trialProcessBytes)) need "
                + "\(MemoryBudget.format(needed)), but \(MemoryBudget.format(available)) of memory are available. "
                + "Use --jobs \(max(1, available / trialProcessBytes)) or fewer")
        }
    }
}

/// English counts: "1 row", "2 rows".
enum Plural {
    /// `count` and `noun`, with an s unless the count is 1.
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
