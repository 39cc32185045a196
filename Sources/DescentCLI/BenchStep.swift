import Descent
import Linalg

/// One training step of an MLP timed against the same step's GEMMs alone (the BLAS bound), and a
/// Hessian-vector product against a gradient, on random data.
struct BenchStepResult {
    /// "float" or "double".
    var precision: String
    /// Rows per batch.
    var batch: Int
    /// A full step: forward, backward and the optimizer's update.
    var step: BenchSamples
    /// The step's GEMMs alone: per Linear layer Y = X·Wᵀ, dW = dYᵀ·X and (past the first layer) dX = dY·W.
    var gemm: BenchSamples
    /// Loss and gradient alone (forward and backward).
    var gradient: BenchSamples
    /// An exact Hessian-vector product (R-operator).
    var hessianVectorProduct: BenchSamples
    /// The triad over the bytes of the step's optimizer update (`BenchLimit`), timed in the same samples.
    var triad: BenchTriadResult
    /// Floating-point operations of the step's GEMMs (2·m·n·k each).
    var gemmFlops: Double

    /// Median GEMM time over median step time: how close the step runs to the BLAS bound.
    var efficiency: Double { gemm.median / step.median }
    /// Rows trained per second.
    var samplesPerSecond: Double { Double(batch) / step.median }
    /// GEMM operations per second of the whole step.
    var stepGFlops: Double { gemmFlops / step.median / 1e9 }
    /// GEMM operations per second of the GEMMs alone.
    var gemmGFlops: Double { gemmFlops / gemm.median / 1e9 }
    /// An HVP's time over two gradients' (a finite-difference HVP's cost).
    var hvpOverTwoGradients: Double { hessianVectorProduct.median / (2 * gradient.median) }
}

/// Measures `BenchStepResult`s.
enum BenchStep {
    /// Times one step of a ReLU MLP of `widths` (input, hidden…, classes) with cross-entropy and
    /// `optimizer`, at `batch` rows: `warmup` untimed rounds, then `repeats` samples, each taking at
    /// least `minimumSample` seconds; step, GEMMs, gradient and HVP are interleaved sample by sample
    /// so a change in machine load hits them alike.
    static func measure<Scalar: BLASScalar>(_ type: Scalar.Type, widths: [Int], batch: Int, optimizer: OptimizerConfiguration,
                                            warmup: Int, repeats: Int, minimumSample: Double) throws -> BenchStepResult {
        var random = RandomGenerator(seed: 42)
        let spec = NetworkSpec(inputCount: widths[0], hiddenSizes: Array(widths.dropFirst().dropLast()), outputCount: widths.last!,
                               activation: .relu)
        try ResourceCheck.training(spec, batchSize: batch, scalarBytes: MemoryLayout<Scalar>.size, layers: "--architecture \(widths.map(String.init).joined(separator: ","))")
        let network = try Network<Scalar>(spec: spec, maxBatchSize: batch, random: &random)
        var rule: any Optimizer<Scalar> = optimizer.makeOptimizer(parameterCount: network.layout.count)
        let inputs = AlignedBuffer<Scalar>(count: batch * widths[0])
        random.fillNormal(inputs.buffer)
        let labels = (0..<batch).map { Int32($0 % widths.last!) }
        let vector = AlignedBuffer<Scalar>(count: network.layout.count), product = AlignedBuffer<Scalar>(count: network.layout.count)
        random.fillNormal(vector.buffer)
        let gemms = BenchGEMMs<Scalar>(widths: widths, batch: batch, random: &random)
        let triad = BenchTriad<Scalar>(count: BenchLimit.triadCount(
            bytes: BenchLimit.updateBytes(widths: widths, rule: optimizer.kind, scalarBytes: MemoryLayout<Scalar>.size),
            scalarBytes: MemoryLayout<Scalar>.size))

        return try labels.withUnsafeBufferPointer { labelBuffer throws -> BenchStepResult in
            let targets = LossTargets<Scalar>.classIndices(labelBuffer)
            let x = UnsafeBufferPointer(inputs.buffer)
            // As `descent train` runs it: each layer's gradient slice checked to be finite before its update.
            func step() {
                network.trainingStep(inputs: x, targets: targets, batchSize: batch, mode: .training, optimizer: &rule,
                                     checksGradient: true)
            }
            func gradient() { network.lossAndGradient(inputs: x, targets: targets, batchSize: batch, mode: .training) }
            func hvp() {
                network.hessianVectorProduct(inputs: x, targets: targets, batchSize: batch, vector: UnsafeBufferPointer(vector.buffer),
                                             into: product.buffer, mode: .training)
            }
            for _ in 0..<max(1, warmup) {
                step()
                gemms.run()
                triad.run()
                hvp()
            }
            let once = BenchClock.seconds(repetitions: 1, step)
            let inner = BenchClock.repetitions(for: once, minimum: minimumSample)
            let triadInner = BenchClock.repetitions(for: BenchClock.seconds(repetitions: 1, triad.run), minimum: minimumSample)
            let precision = "\(Scalar.self)".lowercased()
            var result = BenchStepResult(precision: precision, batch: batch, step: BenchSamples(), gemm: BenchSamples(),
                                         gradient: BenchSamples(), hessianVectorProduct: BenchSamples(),
                                         triad: BenchTriadResult(precision: precision, parameters: triad.count, samples: BenchSamples()),
                                         gemmFlops: gemms.flops)
            for _ in 0..<repeats {
                result.step.seconds.append(BenchClock.seconds(repetitions: inner, step))
                result.gemm.seconds.append(BenchClock.seconds(repetitions: inner, gemms.run))
                // Before the gradient and the HVP, so the step's samples follow the HVP's as before.
                result.triad.samples.seconds.append(BenchClock.seconds(repetitions: triadInner, triad.run))
                result.gradient.seconds.append(BenchClock.seconds(repetitions: inner, gradient))
                result.hessianVectorProduct.seconds.append(BenchClock.seconds(repetitions: inner, hvp))
            }
            return result
        }
    }
}

/// The GEMMs of one training step of a dense network, on buffers of the same shapes (their values
/// do not matter to the time).
final class BenchGEMMs<Scalar: BLASScalar> {
    /// Per Linear layer: inputs, outputs, X, W, Y (= dY), dW, dX.
    private let layers: [(inputs: Int, outputs: Int, x: AlignedBuffer<Scalar>, w: AlignedBuffer<Scalar>, y: AlignedBuffer<Scalar>,
                          dw: AlignedBuffer<Scalar>, dx: AlignedBuffer<Scalar>)]
    private let batch: Int

    /// Buffers for `widths` at `batch` rows, filled from `random`.
    init(widths: [Int], batch: Int, random: inout RandomGenerator) {
        self.batch = batch
        var built: [(Int, Int, AlignedBuffer<Scalar>, AlignedBuffer<Scalar>, AlignedBuffer<Scalar>, AlignedBuffer<Scalar>, AlignedBuffer<Scalar>)] = []
        for index in 1..<widths.count {
            let n = widths[index - 1], m = widths[index]
            let buffers = [batch * n, m * n, batch * m, m * n, batch * n].map { AlignedBuffer<Scalar>(count: $0) }
            for buffer in buffers { random.fillNormal(buffer.buffer, standardDeviation: 0.1) }
            built.append((n, m, buffers[0], buffers[1], buffers[2], buffers[3], buffers[4]))
        }
        layers = built.map { (inputs: $0.0, outputs: $0.1, x: $0.2, w: $0.3, y: $0.4, dw: $0.5, dx: $0.6) }
    }

    /// 2·m·n·k summed over the GEMMs `run` does.
    var flops: Double {
        layers.enumerated().reduce(0) { total, entry in
            total + Double(entry.offset == 0 ? 2 : 3) * 2 * Double(batch * entry.element.inputs * entry.element.outputs)
        }
    }

    /// The step's GEMMs, with the transposes and strides `Dense` uses.
    func run() {
        for (index, layer) in layers.enumerated() {
            let n = layer.inputs, m = layer.outputs
            Scalar.gemm(.none, .transpose, m: batch, n: m, k: n, alpha: 1, a: layer.x.baseAddress, lda: n,
                        b: layer.w.baseAddress, ldb: n, beta: 1, c: layer.y.baseAddress, ldc: m)
            Scalar.gemm(.transpose, .none, m: m, n: n, k: batch, alpha: 1, a: layer.y.baseAddress, lda: m,
                        b: layer.x.baseAddress, ldb: n, beta: 1, c: layer.dw.baseAddress, ldc: n)
            if index > 0 {
                Scalar.gemm(.none, .none, m: batch, n: n, k: m, alpha: 1, a: layer.y.baseAddress, lda: m,
                            b: layer.w.baseAddress, ldb: n, beta: 0, c: layer.dx.baseAddress, ldc: n)
            }
        }
    }
}

/// The triad a ← a + s·b over `count` elements, on buffers allocated once (`BenchLimit`'s bandwidth).
final class BenchTriad<Scalar: BLASScalar> {
    /// Elements per array.
    let count: Int
    private let a: AlignedBuffer<Scalar>, b: AlignedBuffer<Scalar>

    /// Two arrays of `count` elements.
    init(count: Int) {
        self.count = count
        a = AlignedBuffer(count: count, repeating: 1)
        b = AlignedBuffer(count: count, repeating: 2)
    }

    /// One pass.
    func run() { benchTriad(a.buffer, UnsafeBufferPointer(b.buffer), scale: 1e-7) }
}
