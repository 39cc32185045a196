@testable import Descent
import Foundation
import Linalg
import Testing

/// Every kernel set this CPU supports against the scalar Swift reference (`KernelReference`), bit for
/// bit, in Float and Double, on lengths with vector remainders and on inputs with zeros and signs.
@Suite("Kernel sets")
struct KernelSetTests {
    /// The kernels of every set the CPU runs.
    static var sets: [(KernelSet, Kernels)] { KernelSet.supported.compactMap { set in Kernels(set: set).map { (set, $0) } } }

    @Test("The active set is the best one the CPU supports, and the generic one always runs")
    func activeSet() {
        #expect(KernelSet.supported.first == .generic)
        if ProcessInfo.processInfo.environment[KernelSet.environmentVariable] == nil {
            #expect(KernelSet.active == KernelSet.best)
        }
        #if arch(x86_64) && os(Linux)
        let cpu = CPUFeatures.current()
        #expect(KernelSet.x86_64_v3.isSupported == (cpu.hasAVX2 && cpu.flags.contains("bmi2")))
        #expect(KernelSet.x86_64_v4.isSupported == (cpu.hasAVX512 && cpu.flags.contains("avx512cd")))
        #endif
    }

    @Test("Optimizer updates match the reference in every set", arguments: [false, true])
    func optimizers(double: Bool) {
        if double { checkOptimizers(Double.self) } else { checkOptimizers(Float.self) }
    }

    @Test("Activations, losses and column sums match the reference in every set", arguments: [false, true])
    func model(double: Bool) {
        if double { checkModel(Double.self) } else { checkModel(Float.self) }
    }

    @Test("BatchNorm's loops match the reference in every set", arguments: [false, true])
    func batchNorm(double: Bool) {
        if double { checkBatchNorm(Double.self) } else { checkBatchNorm(Float.self) }
    }

    @Test("A changed order of operations is detected (the comparison can fail)")
    func detectsDifference() {
        let a: [Float] = [1e8, -1e8, 1]
        #expect(!sameBits([(a[0] + a[1]) + a[2]], [a[0] + (a[1] + a[2])]))
        #expect(!sameBits([Float(0)], [-Float(0)]))
    }
}

let kernelTestCount = 1_037  // vector remainders at every width

/// Deterministic values with exact zeros of both signs and a spread of magnitudes.
func kernelTestValues<S: BLASScalar>(_ type: S.Type, seed: UInt64, count: Int = kernelTestCount, positive: Bool = false) -> [S] {
    var random = RandomGenerator(seed: seed)
    var values = [S](repeating: 0, count: count)
    values.withUnsafeMutableBufferPointer { random.fillNormal($0) }
    for i in stride(from: 0, to: count, by: 17) { values[i] = 0 }
    for i in stride(from: 5, to: count, by: 23) { values[i] = -0.0 }
    for i in stride(from: 3, to: count, by: 11) { values[i] *= 1000 }
    return positive ? values.map { $0.magnitude } : values
}

/// Equal bit patterns (so +0 ≠ −0, and NaN equals the same NaN).
func sameBits<S: BLASScalar>(_ a: [S], _ b: [S]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy {
        $0.sign == $1.sign && $0.exponentBitPattern == $1.exponentBitPattern
            && $0.significandBitPattern == $1.significandBitPattern
    }
}

func checkOptimizers<S: BLASScalar>(_ type: S.Type) {
    let g0 = kernelTestValues(S.self, seed: 1), p0 = kernelTestValues(S.self, seed: 2)
    let state = kernelTestValues(S.self, seed: 3, positive: true), other = kernelTestValues(S.self, seed: 4)
    let n = g0.count
    for (set, kernels) in KernelSetTests.sets {
        let p = AlignedBuffer(p0), g = AlignedBuffer(g0)
        var expected = p0
        kernels.sgd(p.baseAddress, g.baseAddress, count: n, negativeRate: -0.1, decay: 0.01)
        KernelReference.sgd(&expected, g0, negativeRate: -0.1, decay: 0.01)
        #expect(sameBits(p.array, expected), "sgd \(set) \(S.self)")

        for (first, nesterov) in [(true, false), (true, true), (false, false), (false, true)] {
            checkMomentum(kernels, set: set, p0: p0, g: g, g0: g0, other: other, first: first, nesterov: nesterov)
        }

        let s = AlignedBuffer(state)
        var expectedP = p0, expectedS = state
        let pa = AlignedBuffer(p0)
        kernels.adagrad(pa.baseAddress, g.baseAddress, s.baseAddress, count: n, negativeRate: -0.01, decay: 0.1, epsilon: 1e-10)
        KernelReference.adagrad(&expectedP, g0, &expectedS, negativeRate: -0.01, decay: 0.1, epsilon: 1e-10)
        #expect(sameBits(pa.array, expectedP) && sameBits(s.array, expectedS), "adagrad \(set) \(S.self)")

        checkRMSprop(kernels, set: set, p0: p0, g0: g0, state: state, other: other)
        checkAdam(kernels, set: set, p0: p0, g0: g0, state: state, other: other)
    }
}

func checkMomentum<S: BLASScalar>(_ kernels: Kernels, set: KernelSet, p0: [S], g: AlignedBuffer<S>, g0: [S], other: [S],
                                  first: Bool, nesterov: Bool) {
    let p = AlignedBuffer(p0), b = AlignedBuffer(other)
    var expected = p0, expectedB = other
    kernels.sgdMomentum(p.baseAddress, g.baseAddress, b.baseAddress, count: p0.count, negativeRate: -0.05, decay: 0.001,
                        mu: 0.9, keep: 0.75, first: first, nesterov: nesterov)
    KernelReference.sgdMomentum(&expected, g0, &expectedB, negativeRate: -0.05, decay: 0.001, mu: 0.9, keep: 0.75,
                                first: first, nesterov: nesterov)
    #expect(sameBits(p.array, expected) && sameBits(b.array, expectedB), "momentum \(first) \(nesterov) \(set) \(S.self)")
}

func checkRMSprop<S: BLASScalar>(_ kernels: Kernels, set: KernelSet, p0: [S], g0: [S], state: [S], other: [S]) {
    let g = AlignedBuffer(g0)
    for (centered, momentum, lerp) in [(false, false, true), (true, false, true), (true, false, false),
                                      (false, true, true), (true, true, true), (true, true, false)] {
        let p = AlignedBuffer(p0), v = AlignedBuffer(state)
        let m = centered ? AlignedBuffer(other.map { $0 / 100 }) : nil, b = momentum ? AlignedBuffer(other) : nil
        var expected = p0, expectedV = state
        var expectedM: [S]? = m?.array, expectedB: [S]? = b?.array
        let alpha: S = lerp ? 0.99 : 0.25
        kernels.rmsprop(p.baseAddress, g.baseAddress, v.baseAddress, m?.baseAddress, b?.baseAddress, count: p0.count,
                        negativeRate: -0.01, decay: 0.001, alpha: alpha, oneMinusAlpha: 1 - alpha, epsilon: 1e-8, mu: 0.5,
                        lerpFromStart: lerp)
        KernelReference.rmsprop(&expected, g0, &expectedV, &expectedM, &expectedB, negativeRate: -0.01, decay: 0.001,
                                rate: alpha, oneMinusRate: 1 - alpha, epsilon: 1e-8, mu: 0.5, lerpFromStart: lerp)
        #expect(sameBits(p.array, expected) && sameBits(v.array, expectedV), "rmsprop \(centered) \(momentum) \(set)")
        #expect(sameBits(m?.array ?? [], expectedM ?? []) && sameBits(b?.array ?? [], expectedB ?? []), "rmsprop state \(set)")
    }
}

func checkAdam<S: BLASScalar>(_ kernels: Kernels, set: KernelSet, p0: [S], g0: [S], state: [S], other: [S]) {
    let g = AlignedBuffer(g0)
    for (shrinks, lerp, amsgrad) in [(false, true, false), (true, true, false), (false, true, true), (true, false, true),
                                     (false, false, false)] {
        let c = Kernels.AdamCoefficients<S>(
            shrink: shrinks ? 0.999 : 1, shrinks: shrinks, decay: shrinks ? 0 : 0.01, weight1: lerp ? 0.1 : 0.7,
            keep1: lerp ? 0.9 : 0.3, lerpFromStart: lerp, rate2: 0.999, weight2: S(1 - 0.999), negativeStep: -0.0123,
            correction2Root: 0.0447, epsilon: 1e-8)
        let p = AlignedBuffer(p0), m = AlignedBuffer(other), v = AlignedBuffer(state)
        let vmax = amsgrad ? AlignedBuffer(state.map { $0 * 1.01 }) : nil
        var expected = p0, expectedM = other, expectedV = state, expectedMax: [S]? = vmax?.array
        kernels.adam(p.baseAddress, g.baseAddress, m.baseAddress, v.baseAddress, vmax?.baseAddress, count: p0.count, c)
        KernelReference.adam(&expected, g0, &expectedM, &expectedV, &expectedMax, c)
        #expect(sameBits(p.array, expected) && sameBits(m.array, expectedM) && sameBits(v.array, expectedV),
                "adam \(shrinks) \(lerp) \(amsgrad) \(set) \(S.self)")
        #expect(sameBits(vmax?.array ?? [], expectedMax ?? []), "amsgrad maximum \(set)")
    }
}
