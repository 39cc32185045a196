@testable import Descent
import Linalg
import Testing

/// BatchNorm's kernels against the loops they replaced, on 13 rows × 37 features.
func checkBatchNorm<S: BLASScalar>(_ type: S.Type) {
    let rows = 13, f = 37, count = rows * f
    let x0 = Array(kernelTestValues(S.self, seed: 21).prefix(count)), r0 = Array(kernelTestValues(S.self, seed: 22).prefix(count))
    let dy0 = Array(kernelTestValues(S.self, seed: 23).prefix(count)), rdy0 = Array(kernelTestValues(S.self, seed: 24).prefix(count))
    let features = kernelTestValues(S.self, seed: 25, count: 8 * f)
    let column = (0..<8).map { k in Array(features[(k * f)..<((k + 1) * f)]) }
    let (mu, inv, gamma, beta) = (column[0], column[1].map { 1 / ($0.magnitude + 1) }, column[2], column[3])
    let (s1, s2, s3, s4) = (column[4], column[5], column[6], column[7])
    func reference(_ body: (Int, Int) -> S) -> [S] { (0..<count).map { body($0 / f, $0 % f) } }
    let xhat0 = reference { r, j in (x0[r * f + j] - mu[j]) * inv[j] }
    let b = (x: AlignedBuffer(x0), r: AlignedBuffer(r0), dy: AlignedBuffer(dy0), rdy: AlignedBuffer(rdy0),
             mu: AlignedBuffer(mu), inv: AlignedBuffer(inv), gamma: AlignedBuffer(gamma), beta: AlignedBuffer(beta),
             s1: AlignedBuffer(s1), s2: AlignedBuffer(s2), s3: AlignedBuffer(s3), s4: AlignedBuffer(s4))
    let scale: S = 1 / S(rows)
    for (set, kernels) in KernelSetTests.sets {
        let out = AlignedBuffer<S>(count: count), xhat = AlignedBuffer<S>(count: count), variance = AlignedBuffer<S>(count: f)
        kernels.batchNormVariance(b.x.baseAddress, mean: b.mu.baseAddress, into: variance.baseAddress, rows: rows, features: f)
        var expectedVariance = [S](repeating: 0, count: f)
        for r in 0..<rows { for j in 0..<f { expectedVariance[j] += (x0[r * f + j] - mu[j]) * (x0[r * f + j] - mu[j]) } }
        #expect(sameBits(variance.array, expectedVariance), "variance \(set)")
        kernels.batchNormForward(b.x.baseAddress, mean: b.mu.baseAddress, inverseDeviation: b.inv.baseAddress,
                                 gamma: b.gamma.baseAddress, beta: b.beta.baseAddress, normalized: xhat.baseAddress,
                                 output: out.baseAddress, rows: rows, features: f)
        #expect(sameBits(xhat.array, xhat0) && sameBits(out.array, reference { r, j in gamma[j] * xhat0[r * f + j] + beta[j] }),
                "forward \(set)")
        for training in [true, false] {
            kernels.batchNormBackward(b.dy.baseAddress, normalized: xhat.baseAddress, inverseDeviation: b.inv.baseAddress,
                                      gamma: b.gamma.baseAddress, sumDy: b.s1.baseAddress, sumDyXHat: b.s2.baseAddress,
                                      into: out.baseAddress, rows: rows, features: f, scale: scale, training: training)
            let dx = reference { r, j in
                training ? gamma[j] * inv[j] * (dy0[r * f + j] - s1[j] * scale - xhat0[r * f + j] * s2[j] * scale)
                    : gamma[j] * inv[j] * dy0[r * f + j]
            }
            #expect(sameBits(out.array, dx), "backward \(training) \(set)")
            let rxhat = AlignedBuffer<S>(count: count)
            kernels.batchNormRNormalize(b.r.baseAddress, normalized: xhat.baseAddress, rMean: b.s1.baseAddress,
                                        rS: b.s2.baseAddress, inverseDeviation: b.inv.baseAddress, into: rxhat.baseAddress,
                                        rows: rows, features: f, training: training)
            let rxhat0 = reference { r, j in
                training ? (r0[r * f + j] - s1[j] - xhat0[r * f + j] * s2[j]) * inv[j] : r0[r * f + j] * inv[j]
            }
            #expect(sameBits(rxhat.array, rxhat0), "R normalize \(training) \(set)")
            let sums = Kernels.BatchNormRSums(sumDy: UnsafePointer(b.s1.baseAddress), sumDyXHat: UnsafePointer(b.s2.baseAddress),
                                              sumRDy: UnsafePointer(b.s3.baseAddress), sumRM: UnsafePointer(b.s4.baseAddress))
            kernels.batchNormRBackward(dy: b.dy.baseAddress, rdy: b.rdy.baseAddress, normalized: xhat.baseAddress,
                                       rNormalized: rxhat.baseAddress, inverseDeviation: b.inv.baseAddress, rS: b.s2.baseAddress,
                                       gamma: b.gamma.baseAddress, vGamma: b.beta.baseAddress, sums: sums,
                                       into: out.baseAddress, rows: rows, features: f, scale: scale, training: training)
            let rdx = reference { r, j in
                let i = r * f + j
                guard training else { return (gamma[j] * rdy0[i] + beta[j] * dy0[i]) * inv[j] }
                let a = s1[j] * scale, m = s2[j] * scale, rA = s3[j] * scale, rM = s4[j] * scale
                let rGammaOverS = beta[j] * inv[j] - gamma[j] * s2[j] * inv[j] * inv[j]
                let centered = dy0[i] - a - xhat0[i] * m
                let rCentered = rdy0[i] - rA - rxhat0[i] * m - xhat0[i] * rM
                return rGammaOverS * centered + gamma[j] * inv[j] * rCentered
            }
            #expect(sameBits(out.array, rdx), "R backward \(training) \(set)")
        }
        kernels.batchNormRForward(normalized: xhat.baseAddress, rNormalized: b.r.baseAddress, gamma: b.gamma.baseAddress,
                                  vGamma: b.s1.baseAddress, vBeta: b.s2.baseAddress, into: out.baseAddress, rows: rows, features: f)
        #expect(sameBits(out.array, reference { r, j in s1[j] * xhat0[r * f + j] + gamma[j] * r0[r * f + j] + s2[j] }),
                "R forward \(set)")
    }
}
