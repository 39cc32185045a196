import Foundation
@testable import Descent
import Linalg
import Testing

/// Adam divides √v by the constant √(1 − β₂ᵗ) through its reciprocal and one FMA correction
/// (Markstein); these tests hold it to the IEEE quotient's bits on the whole range √v can take.
@Suite("Adam's division by √(1 − β₂ᵗ): the bits of x / c")
struct AdamDivisionTests {
    /// The constants Adam divides by: √(1 − β₂ᵗ) for common β₂ and steps, and a few others in (0, 1].
    static var constants: [Double] {
        var values = [1.0, 0.0447, 0.5, 0.75, 0.123456789]
        for beta2 in [0.999, 0.99, 0.98, 0.9] {
            for step in [1, 2, 3, 7, 10, 100, 1000, 5000] { values.append((1 - pow(beta2, Double(step))).squareRoot()) }
        }
        return values
    }

    /// `count` values log-uniform between `low` and `high`, with ±0, ±∞, NaNs (both signs, a signaling one), both ends and negatives.
    static func arguments<S: BLASScalar>(_ type: S.Type, low: Double, high: Double, count: Int) -> [S] {
        var random = RandomGenerator(seed: 41)
        let start = log(low), span = log(high) - log(low)
        var values = (0..<count).map { _ in S(exp(start + span * random.uniform())) }
        let special: [S] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, .signalingNaN]
        let ends: [S] = [S(low), S(high), -S(low), -1, -3]
        values += special + ends
        return values
    }

    /// Equal bit patterns.
    static func same<S: BLASScalar>(_ a: S, _ b: S) -> Bool {
        a.sign == b.sign && a.exponentBitPattern == b.exponentBitPattern && a.significandBitPattern == b.significandBitPattern
    }

    func check<S: BLASScalar>(_ type: S.Type, low: Double, high: Double, count: Int) {
        let x0 = Self.arguments(S.self, low: low, high: high, count: count)
        let x = AlignedBuffer(x0), r = AlignedBuffer<S>(count: x0.count)
        var uncorrectedDiffers = 0
        for constant in Self.constants {
            let c = S(constant), reciprocal = 1 / c
            let expected = x0.map { $0 / c }
            for (value, quotient) in zip(x0, expected) where !quotient.isNaN && !Self.same(value * reciprocal, quotient) {
                uncorrectedDiffers += 1
            }
            for (set, kernels) in KernelSetTests.sets {
                kernels.divideByInvariant(x.baseAddress, into: r.baseAddress, count: x0.count, by: c)
                let result = r.array
                let wrong = (0..<x0.count).filter { !Self.same(result[$0], expected[$0]) }
                #expect(wrong.isEmpty, "\(S.self) c = \(constant) \(set): \(wrong.count) wrong, first x = \(wrong.first.map { x0[$0] }.map { "\($0)" } ?? "-")")
            }
        }
        // The data exercise the correction: x·(1/c) alone is often a different number.
        #expect(uncorrectedDiffers > count / 10, "\(uncorrectedDiffers)")
    }

    @Test("Float: 100 000 values of √v from √(least subnormal) to √(largest finite), 37 constants, every kernel set")
    func float() {
        check(Float.self, low: Double(Float.leastNonzeroMagnitude).squareRoot(),
              high: Double(Float.greatestFiniteMagnitude).squareRoot(), count: 100_000)
    }

    @Test("Double: 100 000 values of √v from √(least subnormal) to √(largest finite), 37 constants, every kernel set")
    func double() {
        check(Double.self, low: Double.leastNonzeroMagnitude.squareRoot(), high: Double.greatestFiniteMagnitude.squareRoot(),
              count: 100_000)
    }

    @Test("A constant without a normal reciprocal (0, subnormal, ∞) is divided by directly")
    func unusualConstants() {
        let x0: [Double] = [0, 1, 3, 1e-300, 1e300, .infinity]
        let x = AlignedBuffer(x0), r = AlignedBuffer<Double>(count: x0.count)
        for c in [0, Double.leastNonzeroMagnitude, Double.infinity, Double.leastNormalMagnitude / 4] {
            for (set, kernels) in KernelSetTests.sets {
                kernels.divideByInvariant(x.baseAddress, into: r.baseAddress, count: x0.count, by: c)
                #expect(sameBits(r.array, x0.map { $0 / c }), "c = \(c) \(set)")
            }
        }
    }
}
