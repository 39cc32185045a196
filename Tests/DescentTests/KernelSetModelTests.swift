@testable import Descent
import Linalg
import Testing

func checkModel<S: BLASScalar>(_ type: S.Type) {
    let x0 = kernelTestValues(S.self, seed: 11), v0 = kernelTestValues(S.self, seed: 12)
    let n = x0.count
    let x = AlignedBuffer(x0), v = AlignedBuffer(v0)
    for (set, kernels) in KernelSetTests.sets {
        let y = AlignedBuffer<S>(count: n)
        kernels.relu(x.baseAddress, y.baseAddress, count: n)
        #expect(sameBits(y.array, x0.map { Swift.max($0, 0) }), "relu \(set)")
        kernels.leakyReLU(x.baseAddress, y.baseAddress, count: n, slope: 0.01)
        #expect(sameBits(y.array, x0.map { $0 > 0 ? $0 : 0.01 * $0 }), "leaky relu \(set)")
        kernels.piecewiseSlope(input: x.baseAddress, values: v.baseAddress, into: y.baseAddress, count: n, slope: nil)
        #expect(sameBits(y.array, zip(x0, v0).map { $0 > 0 ? $1 : 0 }), "relu slope \(set)")
        kernels.piecewiseSlope(input: x.baseAddress, values: v.baseAddress, into: y.baseAddress, count: n, slope: 0.2)
        #expect(sameBits(y.array, zip(x0, v0).map { $0 > 0 ? $1 : 0.2 * $1 }), "leaky slope \(set)")
        kernels.multiply(x.baseAddress, v.baseAddress, into: y.baseAddress, count: n)
        #expect(sameBits(y.array, zip(x0, v0).map { $0 * $1 }), "multiply \(set)")
        kernels.scale(x.baseAddress, by: 0.37, into: y.baseAddress, count: n)
        #expect(sameBits(y.array, x0.map { 0.37 * $0 }), "scale \(set)")
        checkBackwardBias(kernels, set: set, x0: x0, v0: v0)
        checkSmooth(kernels, set: set, x0: x0.map { $0 / 100 }, v0: v0)
        checkLosses(kernels, set: set, x0: x0, v0: v0)
    }
}

func checkSmooth<S: BLASScalar>(_ kernels: Kernels, set: KernelSet, x0: [S], v0: [S]) {
    let n = x0.count, x = AlignedBuffer(x0), v = AlignedBuffer(v0), w = AlignedBuffer(v0.reversed())
    for kind in [ActivationKind.tanh, .sigmoid, .gelu] {
        let y = AlignedBuffer<S>(count: n), d1 = AlignedBuffer<S>(count: n), rdx = AlignedBuffer<S>(count: n)
        kernels.smoothForward(kind, x.baseAddress, y.baseAddress, d1.baseAddress, count: n)
        let expected = KernelReference.smoothForward(kind, x0)
        #expect(sameBits(y.array, expected.y) && sameBits(d1.array, expected.d1), "\(kind) forward \(set)")
        for rx in [nil, w] {
            kernels.smoothRBackward(kind, x: x.baseAddress, y: y.baseAddress, d1: d1.baseAddress, rx: rx?.baseAddress,
                                    dy: v.baseAddress, rdy: x.baseAddress, into: rdx.baseAddress, count: n)
            let reference = KernelReference.smoothRBackward(kind, x: x0, y: expected.y, d1: expected.d1, rx: rx?.array,
                                                            dy: v0, rdy: x0)
            #expect(sameBits(rdx.array, reference), "\(kind) R backward \(set)")
        }
    }
}

func checkLosses<S: BLASScalar>(_ kernels: Kernels, set: KernelSet, x0: [S], v0: [S]) {
    let rows = 61, c = 17, z = AlignedBuffer(Array(x0.prefix(rows * c))), rz = AlignedBuffer(Array(v0.prefix(rows * c)))
    let labels = (0..<rows).map { Int32(($0 * 7) % c) }
    for smoothing in [0.0, 0.1] {
        let p = AlignedBuffer<S>(count: rows * c), g = AlignedBuffer<S>(count: rows * c)
        let on = 1 - smoothing + smoothing / Double(c), off = smoothing / Double(c)
        let total = labels.withUnsafeBufferPointer {
            kernels.crossEntropy(logits: z.baseAddress, labels: $0.baseAddress!, rows: rows, classes: c, onValue: on,
                                 offValue: off, scale: 1 / Double(rows), probabilities: p.baseAddress, gradient: g.baseAddress)
        }
        let expected = KernelReference.crossEntropy(z.array, labels: labels, rows: rows, c: c, on: on, off: off,
                                                    scale: 1 / Double(rows))
        #expect(total.bitPattern == expected.total.bitPattern && sameBits(p.array, expected.p) && sameBits(g.array, expected.g),
                "cross-entropy \(smoothing) \(set)")
        let rg = AlignedBuffer<S>(count: rows * c)
        kernels.crossEntropyR(probabilities: p.baseAddress, rLogits: rz.baseAddress, into: rg.baseAddress, rows: rows,
                              classes: c, scale: 1 / Double(rows))
        #expect(sameBits(rg.array, KernelReference.crossEntropyR(p.array, rz.array, rows: rows, c: c, scale: 1 / Double(rows))),
                "cross-entropy R \(set)")
    }
    let y = AlignedBuffer(x0), t = AlignedBuffer(v0), g = AlignedBuffer<S>(count: x0.count)
    let total = kernels.squaredError(y.baseAddress, t.baseAddress, gradient: g.baseAddress, count: x0.count, scale: 0.25)
    var expectedTotal = 0.0
    for (a, b) in zip(x0, v0) { expectedTotal += Double(a - b) * Double(a - b) }
    #expect(total.bitPattern == expectedTotal.bitPattern && sameBits(g.array, zip(x0, v0).map { 0.25 * ($0 - $1) }), "MSE \(set)")
    for (weights, accumulates) in [(false, false), (true, false), (false, true), (true, true)] {
        let sums = AlignedBuffer(Array(v0.prefix(c)))
        var expected = sums.array
        kernels.columnSums(z.baseAddress, times: weights ? rz.baseAddress : nil, rows: rows, columns: c, into: sums.baseAddress,
                           accumulates: accumulates)
        KernelReference.columnSums(z.array, times: weights ? rz.array : nil, rows: rows, columns: c, into: &expected,
                                   accumulates: accumulates)
        #expect(sameBits(sums.array, expected), "column sums \(weights) \(accumulates) \(set)")
    }
}

/// The fused activation backward + bias gradient against its two unfused references: the slope
/// loop (`piecewiseSlope` / `multiply` semantics) and `columnSums` of its result, bit for bit.
func checkBackwardBias<S: BLASScalar>(_ kernels: Kernels, set: KernelSet, x0: [S], v0: [S]) {
    let rows = 31, columns = 29, n = rows * columns  // 899 of the 1 037 test values
    let x = AlignedBuffer(Array(x0.prefix(n))), v = AlignedBuffer(Array(v0.suffix(n))), d1 = AlignedBuffer(Array(x0.suffix(n)))
    let slopes: [(String, Kernels.Slope<S>, [S])] = [
        ("relu", .relu(input: x.baseAddress), zip(x.array, v.array).map { $0 > 0 ? $1 : 0 }),
        ("leaky", .leaky(input: x.baseAddress, slope: 0.2), zip(x.array, v.array).map { $0 > 0 ? $1 : 0.2 * $1 }),
        ("smooth", .derivative(d1.baseAddress), zip(d1.array, v.array).map { $0 * $1 }),
    ]
    for (name, slope, expected) in slopes {
        for accumulates in [false, true] {
            let r = AlignedBuffer<S>(count: n), sums = AlignedBuffer(Array(v0.prefix(columns)))
            var expectedSums = sums.array
            KernelReference.columnSums(expected, times: nil, rows: rows, columns: columns, into: &expectedSums, accumulates: accumulates)
            kernels.backwardBias(slope, values: v.baseAddress, into: r.baseAddress, rows: rows, columns: columns,
                                 sums: sums.baseAddress, accumulates: accumulates)
            #expect(sameBits(r.array, expected), "\(name) backward \(set)")
            #expect(sameBits(sums.array, expectedSums), "\(name) bias sums \(accumulates) \(set)")
        }
    }
}
