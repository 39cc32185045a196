@testable import Descent
import Linalg
import Testing

/// The update kernels on vectors large enough for `BufferPlacement`'s staggered, huge-page starts:
/// still bit for bit the scalar reference (the stagger keeps 64-byte alignment, so no loop changes).
@Suite("Kernels on large staggered buffers")
struct LargeBufferKernelTests {
    /// Float values past `BufferPlacement.largeBytes`, with a vector remainder.
    static let count = BufferPlacement.largeBytes / MemoryLayout<Float>.stride + 1_037

    @Test("Momentum and Adam over large Float vectors match the reference in every set")
    func largeUpdates() {
        let n = Self.count
        let g0 = kernelTestValues(Float.self, seed: 11, count: n), p0 = kernelTestValues(Float.self, seed: 12, count: n)
        let state = kernelTestValues(Float.self, seed: 13, count: n, positive: true)
        let other = kernelTestValues(Float.self, seed: 14, count: n)
        for (set, kernels) in KernelSetTests.sets {
            let p = AlignedBuffer(p0), g = AlignedBuffer(g0), b = AlignedBuffer(other)
            let starts = [p, g, b].map { UInt(bitPattern: $0.baseAddress) % UInt(BufferPlacement.hugePageBytes) }
            #expect(!BufferPlacement.supportsLarge || Set(starts).count > 1, "all at \(starts)")
            var expected = p0, expectedB = other
            kernels.sgdMomentum(p.baseAddress, g.baseAddress, b.baseAddress, count: n, negativeRate: -0.05, decay: 0.001,
                                mu: 0.9, keep: 0.75, first: false, nesterov: false)
            KernelReference.sgdMomentum(&expected, g0, &expectedB, negativeRate: -0.05, decay: 0.001, mu: 0.9, keep: 0.75,
                                        first: false, nesterov: false)
            #expect(sameBits(p.array, expected) && sameBits(b.array, expectedB), "momentum \(set)")
            checkAdam(kernels, set: set, p0: p0, g0: g0, state: state, other: other)
        }
    }
}
