@testable import Descent
import Foundation
import Linalg

/// The scalar Swift loops the kernels replaced, kept as the reference every kernel set must match
/// bit for bit (the order of operations of each is the formula's, PyTorch's for the optimizers).
enum KernelReference {
    static func sgd<S: BLASScalar>(_ p: inout [S], _ g: [S], negativeRate: S, decay: S) {
        for i in p.indices {
            let d = g[i] + decay * p[i]
            p[i] = p[i] + negativeRate * d
        }
    }

    static func sgdMomentum<S: BLASScalar>(_ p: inout [S], _ g: [S], _ b: inout [S], negativeRate: S, decay: S,
                                          mu: S, keep: S, first: Bool, nesterov: Bool) {
        for i in p.indices {
            let d = g[i] + decay * p[i]
            let buffer = first ? d : b[i] * mu + keep * d
            b[i] = buffer
            p[i] = p[i] + negativeRate * (nesterov ? d + mu * buffer : buffer)
        }
    }

    static func adagrad<S: BLASScalar>(_ p: inout [S], _ g: [S], _ s: inout [S], negativeRate: S, decay: S, epsilon: S) {
        for i in p.indices {
            let d = g[i] + decay * p[i]
            let accumulated = s[i] + d * d
            s[i] = accumulated
            p[i] = p[i] + negativeRate * d / (accumulated.squareRoot() + epsilon)
        }
    }

    static func rmsprop<S: BLASScalar>(_ p: inout [S], _ g: [S], _ v: inout [S], _ m: inout [S]?, _ b: inout [S]?,
                                      negativeRate: S, decay: S, rate: S, oneMinusRate: S, epsilon: S, mu: S,
                                      lerpFromStart: Bool) {
        for i in p.indices {
            let d = g[i] + decay * p[i]
            let square = v[i] * rate + oneMinusRate * d * d
            v[i] = square
            var denominator: S
            if m != nil {
                let mean = lerpFromStart ? m![i] + oneMinusRate * (d - m![i]) : d - (d - m![i]) * rate
                m![i] = mean
                denominator = (square - mean * mean).squareRoot()
            } else {
                denominator = square.squareRoot()
            }
            denominator += epsilon
            if b != nil {
                let buffer = b![i] * mu + d / denominator
                b![i] = buffer
                p[i] = p[i] + negativeRate * buffer
            } else {
                p[i] = p[i] + negativeRate * d / denominator
            }
        }
    }

    static func adam<S: BLASScalar>(_ p: inout [S], _ g: [S], _ m: inout [S], _ v: inout [S], _ vmax: inout [S]?,
                                   _ c: Kernels.AdamCoefficients<S>) {
        for i in p.indices {
            let theta = c.shrinks ? p[i] * c.shrink : p[i]
            let d = g[i] + c.decay * theta
            let first = c.lerpFromStart ? m[i] + c.weight1 * (d - m[i]) : d - (d - m[i]) * c.keep1
            let second = v[i] * c.rate2 + c.weight2 * d * d
            m[i] = first
            v[i] = second
            var root = second
            if vmax != nil {
                let largest = Swift.max(vmax![i], second)
                vmax![i] = largest
                root = largest
            }
            let denominator = root.squareRoot() / c.correction2Root + c.epsilon
            p[i] = theta + c.negativeStep * first / denominator
        }
    }

    static func smoothForward<S: BLASScalar>(_ kind: ActivationKind, _ x: [S]) -> (y: [S], d1: [S]) {
        let values = x.map { kind.derivatives(at: Double($0)) }
        return (values.map { S($0.value) }, values.map { S($0.first) })
    }

    static func smoothRBackward<S: BLASScalar>(_ kind: ActivationKind, x: [S], y: [S], d1: [S], rx: [S]?, dy: [S],
                                              rdy: [S]) -> [S] {
        x.indices.map { i in
            let first = Double(d1[i])
            let second: Double
            switch kind {
            case .tanh: second = -2 * Double(y[i]) * first
            case .sigmoid: second = first * (1 - 2 * Double(y[i]))
            default: second = kind.derivatives(at: Double(x[i])).second
            }
            let r = rx.map { Double($0[i]) } ?? 0
            return S(second * r * Double(dy[i]) + first * Double(rdy[i]))
        }
    }

    static func columnSums<S: BLASScalar>(_ a: [S], times w: [S]?, rows: Int, columns: Int, into sums: inout [S],
                                         accumulates: Bool) {
        if !accumulates { sums = Array(repeating: 0, count: columns) }
        for r in 0..<rows {
            for j in 0..<columns { sums[j] += a[r * columns + j] * (w?[r * columns + j] ?? 1) }
        }
    }

    static func crossEntropy<S: BLASScalar>(_ z: [S], labels: [Int32], rows: Int, c: Int, on: Double, off: Double,
                                           scale: Double) -> (total: Double, p: [S], g: [S]) {
        var p = [S](repeating: 0, count: rows * c), g = p
        var total = 0.0
        for row in 0..<rows {
            let label = Int(labels[row])
            var largest = Double(z[row * c])
            for j in 1..<c { largest = Swift.max(largest, Double(z[row * c + j])) }
            var sum = 0.0
            for j in 0..<c {
                let e = exp(Double(z[row * c + j]) - largest)
                g[row * c + j] = S(e)
                sum += e
            }
            let logSumExp = largest + log(sum), inverseSum = 1 / sum
            var rowLoss = 0.0
            for j in 0..<c {
                let q = j == label ? on : off
                if q != 0 { rowLoss -= q * (Double(z[row * c + j]) - logSumExp) }
                let probability = Double(g[row * c + j]) * inverseSum
                p[row * c + j] = S(probability)
                g[row * c + j] = S((probability - q) * scale)
            }
            total += rowLoss
        }
        return (total, p, g)
    }

    static func crossEntropyR<S: BLASScalar>(_ p: [S], _ rz: [S], rows: Int, c: Int, scale: Double) -> [S] {
        var rg = [S](repeating: 0, count: rows * c)
        for row in 0..<rows {
            var mean = 0.0
            for j in 0..<c { mean += Double(p[row * c + j]) * Double(rz[row * c + j]) }
            for j in 0..<c { rg[row * c + j] = S(Double(p[row * c + j]) * (Double(rz[row * c + j]) - mean) * scale) }
        }
        return rg
    }
}
