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
            checkMomentum(kernels, set: set, p0: p0, g: g, g0: g0, other: other, first: false, nesterov: false)
            checkAdam(kernels, set: set, p0: p0, g0: g0, state: state, other: other)
        }
    }
}
