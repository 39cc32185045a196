import Benchmark
import Descent
import Linalg

/// One update of 10 M Float parameters for each rule, and a STREAM-like in-place triad
/// a ← a + s·b over the same size in Swift. An update is memory-bound: divide the bytes each rule
/// must move (parameters, gradient and state read, parameters and state written; 4 bytes each) by
/// the time for GB/s, and compare with the triad's 12 bytes/element rate in the same run.
func registerOptimizerBenchmarks() {
    let count = 10_000_000
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
        maxDuration: .seconds(3), thresholds: nil)

    Benchmark("triad a += s*b, 10M Float (12 B/element)", configuration: configuration) { benchmark in
        let a = AlignedBuffer<Float>(count: count, repeating: 1), b = AlignedBuffer<Float>(count: count, repeating: 2)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            inPlaceTriad(a.buffer, UnsafeBufferPointer(b.buffer), scale: 1e-7)
        }
        benchmark.stopMeasurement()
        blackHole(a[0])
    }

    // Bytes per parameter: SGD 12, momentum/Nesterov 20, AdaGrad 20, RMSprop 20, Adam/AdamW 28.
    let rules: [(String, Int, () -> any Optimizer<Float>)] = [
        ("sgd", 12, { SGD(learningRate: 1e-3) }),
        ("momentum", 20, { SGD(learningRate: 1e-3, momentum: 0.9) }),
        ("nesterov", 20, { SGD(learningRate: 1e-3, momentum: 0.9, nesterov: true) }),
        ("adagrad", 20, { AdaGrad(learningRate: 1e-3) }),
        ("rmsprop", 20, { RMSprop(learningRate: 1e-3) }),
        ("adam", 28, { Adam(learningRate: 1e-3) }),
        ("adamw", 28, { AdamW(learningRate: 1e-3) }),
    ]
    for (name, bytes, make) in rules {
        Benchmark("\(name) update, 10M Float (\(bytes) B/param)", configuration: configuration) { benchmark in
            var random = RandomGenerator(seed: 3)
            let parameters = AlignedBuffer<Float>(count: count), gradient = AlignedBuffer<Float>(count: count)
            random.fillNormal(parameters.buffer, standardDeviation: 0.01)
            random.fillNormal(gradient.buffer, standardDeviation: 1e-3)
            var optimizer = make()
            optimizer.step(parameters: parameters.buffer, gradient: UnsafeBufferPointer(gradient.buffer))  // allocate state
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                optimizer.step(parameters: parameters.buffer, gradient: UnsafeBufferPointer(gradient.buffer))
            }
            benchmark.stopMeasurement()
            blackHole(parameters[0])
        }
    }
}

/// a ← a + s·b, the bandwidth probe an update is compared with.
@inline(never)
func inPlaceTriad(_ a: UnsafeMutableBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, scale: Float) {
    for i in a.indices { a[i] += scale * b[i] }
}
