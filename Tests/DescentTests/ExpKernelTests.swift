import Foundation
@testable import Descent
import Linalg
import Testing

/// The softmax's exp: where a kernel set has FMA it evaluates glibc's algorithm in vectors (its table,
/// polynomial and FMA order); these tests hold it to the C library's exp bit for bit, so losses and
/// probabilities keep the bits every earlier model and resume file was made with.
@Suite("The softmax's exp: libm's bits in every kernel set")
struct ExpKernelTests {
    /// `count` arguments uniform in [low, high) from `seed`, with the range's ends and specials.
    static func arguments(low: Double, high: Double, count: Int, seed: UInt64) -> [Double] {
        var random = RandomGenerator(seed: seed)
        var values = (0..<count).map { _ in low + (high - low) * random.uniform() }
        values += [0, -0.0, 0x1p-54, -0x1p-54, 0x1p-55, -0x1p-60, 0x1p-1000, -512, 512, -511.99999999999994,
                   -745.2, -708.4, 709.7, 710, -.infinity, .infinity, .nan, low, high]
        return values
    }

    func check(_ values: [Double]) -> [String] {
        let x = AlignedBuffer(values), r = AlignedBuffer<Double>(count: values.count)
        var failures: [String] = []
        for (set, kernels) in KernelSetTests.sets {
            kernels.exp(x.baseAddress, into: r.baseAddress, count: values.count)
            let result = r.array
            let wrong = (0..<values.count).filter { result[$0].bitPattern != Foundation.exp(values[$0]).bitPattern }
            if !wrong.isEmpty { failures.append("\(set): \(wrong.count) wrong, first x = \(values[wrong[0]])") }
        }
        return failures
    }

    @Test("On Linux (glibc's FMA build of exp) every set with FMA runs the vectorized exp; the generic set calls exp()")
    func vectorizedWhereFMA() {
        for (set, kernels) in KernelSetTests.sets {
            #if os(Linux)
            #expect(kernels.expIsVectorized == (set != .generic), "\(set)")
            #else
            if set == .generic { #expect(!kernels.expIsVectorized) }
            #endif
        }
    }

    @Test("10⁶ arguments across the softmax's range (−745, 0] and beyond, with ±0, tiny, ±∞ and NaN")
    func wholeRange() {
        #expect(check(Self.arguments(low: -746, high: 10, count: 1_000_000, seed: 51)).isEmpty)
    }

    @Test("Near the reduction's boundaries: arguments within a few ulps of k·ln2/128 for many k")
    func boundaries() {
        var values: [Double] = []
        for k in -20_000...1_000 {
            let center = Double(k) * 0x1.62e42fefa39efp-1 / 128
            var v = center
            for _ in 0..<4 { v = v.nextDown }
            for _ in 0..<9 { values.append(v); v = v.nextUp }
        }
        #expect(check(values).isEmpty)
    }

    @Test("The softmax probabilities equal those of the generic set, whose exp is the C library's")
    func softmaxAcrossSets() throws {
        let rows = 257, classes = 10
        var random = RandomGenerator(seed: 52)
        let logits = AlignedBuffer((0..<rows * classes).map { _ in Float(random.normal() * 30) })
        let labels = (0..<rows).map { Int32($0 % classes) }
        var reference: (bits: [UInt32], loss: UInt64)?
        for (set, kernels) in KernelSetTests.sets {
            let p = AlignedBuffer<Float>(count: rows * classes), g = AlignedBuffer<Float>(count: rows * classes)
            let loss = labels.withUnsafeBufferPointer {
                kernels.crossEntropy(logits: logits.baseAddress, labels: $0.baseAddress!, rows: rows, classes: classes, onValue: 1,
                                     offValue: 0, scale: 1 / Double(rows), probabilities: p.baseAddress, gradient: g.baseAddress)
            }
            let bits = (p.array + g.array).map(\.bitPattern)
            if let reference {
                #expect(bits == reference.bits && loss.bitPattern == reference.loss, "\(set)")
            } else {
                reference = (bits, loss.bitPattern)
            }
        }
    }
}
