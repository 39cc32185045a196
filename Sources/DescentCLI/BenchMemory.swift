import Descent
import Linalg

/// Memory bandwidth of the optimizer updates against a STREAM-like triad measured in the same run.
/// An update is memory-bound: the bytes it must move per parameter (parameters, gradient and state
/// read; parameters and state written) over its time are its GB/s.
struct BenchUpdateResult {
    /// "float" or "double".
    var precision: String
    /// The rule.
    var rule: String
    /// Parameters updated.
    var parameters: Int
    /// Bytes moved per parameter.
    var bytesPerParameter: Int
    /// Seconds per update.
    var samples: BenchSamples

    /// Gigabytes per second moved (median).
    var gigabytesPerSecond: Double { Double(bytesPerParameter * parameters) / samples.median / 1e9 }
}

/// Measures the triad and the updates.
enum BenchMemory {
    /// Values read and written per parameter by each rule: SGD 3 (θ, g read; θ written); momentum,
    /// Nesterov, AdaGrad and RMSprop 5 (one state buffer read and written); Adam and AdamW 7 (two).
    static func accesses(_ kind: OptimizerKind) -> Int {
        switch kind {
        case .sgd: 3
        case .momentum, .nesterov, .adagrad, .rmsprop: 5
        case .adam, .adamw: 7
        }
    }

    /// The in-place triad a ← a + s·b over `count` values (3 accesses per element): GB/s samples.
    static func triad<Scalar: BLASScalar>(_ type: Scalar.Type, count: Int, warmup: Int, repeats: Int) -> BenchSamples {
        let a = AlignedBuffer<Scalar>(count: count, repeating: 1), b = AlignedBuffer<Scalar>(count: count, repeating: 2)
        for _ in 0..<max(1, warmup) { benchTriad(a.buffer, UnsafeBufferPointer(b.buffer), scale: 1e-7) }
        var samples = BenchSamples()
        for _ in 0..<repeats {
            samples.seconds.append(BenchClock.seconds(repetitions: 1) { benchTriad(a.buffer, UnsafeBufferPointer(b.buffer), scale: 1e-7) })
        }
        return samples
    }

    /// One update of `count` parameters by `kind` at its default settings (state allocated by an
    /// untimed first step), called through `any Optimizer` as the trainer calls it.
    static func update<Scalar: BLASScalar>(_ type: Scalar.Type, kind: OptimizerKind, count: Int, warmup: Int, repeats: Int) -> BenchUpdateResult {
        var random = RandomGenerator(seed: 3)
        let parameters = AlignedBuffer<Scalar>(count: count), gradient = AlignedBuffer<Scalar>(count: count)
        random.fillNormal(parameters.buffer, standardDeviation: 0.01)
        random.fillNormal(gradient.buffer, standardDeviation: 0.001)
        var configuration = OptimizerConfiguration.defaults(for: kind)
        configuration.learningRate = 1e-4
        var optimizer: any Optimizer<Scalar> = configuration.makeOptimizer(parameterCount: count)
        for _ in 0..<max(1, warmup) { optimizer.step(parameters: parameters.buffer, gradient: UnsafeBufferPointer(gradient.buffer)) }
        var samples = BenchSamples()
        for _ in 0..<repeats {
            samples.seconds.append(BenchClock.seconds(repetitions: 1) {
                optimizer.step(parameters: parameters.buffer, gradient: UnsafeBufferPointer(gradient.buffer))
            })
        }
        return BenchUpdateResult(precision: "\(Scalar.self)".lowercased(), rule: kind.rawValue, parameters: count,
                                 bytesPerParameter: accesses(kind) * MemoryLayout<Scalar>.size, samples: samples)
    }
}

/// a ← a + s·b, the bandwidth probe the updates are compared with (specialized per scalar in this
/// module, vectorized; not inlined so the loop is timed as written).
@inline(never)
func benchTriad<Scalar: BLASScalar>(_ a: UnsafeMutableBufferPointer<Scalar>, _ b: UnsafeBufferPointer<Scalar>, scale: Scalar) {
    let pa = a.baseAddress!, pb = b.baseAddress!
    for i in 0..<a.count { pa[i] += scale * pb[i] }
}
