import Descent
import Foundation
import Linalg

/// Curvature in Double on the peers' Lanczos network (scripts/peers/peer_hessian_bench.py part B):
/// a tanh MLP with softmax cross-entropy over random rows. One Hessian-vector product with all
/// four passes, one at a fixed point (the point's forward and backward passes reused, as Lanczos
/// does), two gradients, and one Lanczos run for λmax and λmin.
struct BenchCurvatureResult {
    /// Widths, inputs first.
    var widths: [Int]
    /// Rows of the objective.
    var rows: Int
    /// n.
    var parameters: Int
    /// H·v with forward, backward, R-forward and R-backward passes.
    var product: BenchSamples
    /// H·v at a fixed point: the R-passes only.
    var pointProduct: BenchSamples
    /// One loss-and-gradient evaluation.
    var gradient: BenchSamples
    /// The Lanczos run (`--top 1`, both ends, tolerance 1e-10).
    var lanczos: LanczosResult
    /// Its seconds, and those spent inside its products.
    var lanczosSeconds: Double
    var lanczosProductSeconds: Double

    /// A full HVP over two gradients (what a finite-difference product costs).
    var productOverTwoGradients: Double { product.median / (2 * gradient.median) }
    /// Lanczos's own share of its run (all but the products).
    var lanczosOverhead: Double { max(0, lanczosSeconds - lanczosProductSeconds) / lanczosSeconds }

    /// Measures `widths` (e.g. 10-300-300-3) at `rows` rows: products and gradients interleaved
    /// sample by sample, then one Lanczos run.
    static func measure(widths: [Int], rows: Int, warmup: Int, repeats: Int, minimumSample: Double) throws -> BenchCurvatureResult {
        var random = RandomGenerator(seed: 1)
        let spec = NetworkSpec(inputCount: widths[0], hiddenSizes: Array(widths.dropFirst().dropLast()), outputCount: widths.last!,
                               activation: .tanh)
        let network = try Network<Double>(spec: spec, maxBatchSize: rows, random: &random)
        let features = (0..<rows * widths[0]).map { _ in random.normal() }
        let labels = (0..<rows).map { _ in Int32(random.uniformInt(below: widths.last!)) }
        let hessian = try NetworkHessian(network: network, features: features, rowCount: rows, classIndices: labels)
        let n = hessian.dimension
        let vector = AlignedBuffer<Double>(count: n), result = AlignedBuffer<Double>(count: n)
        random.fillNormal(vector.buffer)
        func full() {
            hessian.reusesPointPasses = false
            hessian.apply(UnsafeBufferPointer(vector.buffer), into: result.buffer)
        }
        func point() {
            hessian.reusesPointPasses = true
            hessian.apply(UnsafeBufferPointer(vector.buffer), into: result.buffer)
        }
        func gradient() { hessian.lossAndGradient(into: result.buffer) }
        for _ in 0..<max(1, warmup) { full(); point(); gradient() }
        let inner = BenchClock.repetitions(for: BenchClock.seconds(repetitions: 1, full), minimum: minimumSample)
        var samples = (full: BenchSamples(), point: BenchSamples(), gradient: BenchSamples())
        for _ in 0..<repeats {
            samples.full.seconds.append(BenchClock.seconds(repetitions: inner, full))
            point()  // records the point's passes (the full product above ran its own forward pass)
            samples.point.seconds.append(BenchClock.seconds(repetitions: inner, point))
            samples.gradient.seconds.append(BenchClock.seconds(repetitions: inner, gradient))
        }
        hessian.reusesPointPasses = true
        let timed = TimedProduct { v, hv in hessian.apply(v, into: hv) }
        var lanczosRandom = RandomGenerator(seed: 3)
        let start = BenchClock.now()
        let lanczos = try Lanczos.extremeEigenpairs(dimension: n, count: 1, maxSteps: min(n, 300), random: &lanczosRandom) { timed($0, $1) }
        let seconds = Double(BenchClock.now() - start) / 1e9
        return BenchCurvatureResult(widths: widths, rows: rows, parameters: n, product: samples.full, pointProduct: samples.point,
                                    gradient: samples.gradient, lanczos: lanczos, lanczosSeconds: seconds,
                                    lanczosProductSeconds: timed.seconds)
    }

    /// Table lines.
    var lines: [String] {
        let name = widths.map(String.init).joined(separator: "-")
        return ["", "Curvature, \(name) tanh MLP (\(parameters) parameters), \(rows) rows, Double (median of samples)",
                String(format: "HVP %.3f ms (at a fixed point %.3f ms), gradient %.3f ms, HVP/2 grads %.2f", product.median * 1e3,
                       pointProduct.median * 1e3, gradient.median * 1e3, productOverTwoGradients),
                String(format: "Lanczos λmax %.10g, λmin %.10g: %d steps, %d products, %.3f s (products %.3f s, the rest %.1f%%), %@",
                       lanczos.largest[0].value, lanczos.smallest[0].value, lanczos.steps, lanczos.productCount, lanczosSeconds,
                       lanczosProductSeconds, 100 * lanczosOverhead, lanczos.converged ? "converged" : "NOT converged")]
    }
}
