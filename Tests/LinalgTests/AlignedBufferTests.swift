import Linalg
import Testing

/// `AlignedBuffer`'s alignment: a cache line always, a stagger slot past a page from `pageAlignedBytes` on; zeroed.
@Suite("AlignedBuffer")
struct AlignedBufferTests {
    @Test("64-byte alignment below the page threshold, a 512-byte stagger slot past a page from it, zero-filled",
          arguments: [1, 1_000, 16_383, 16_384, 269_322])
    func alignment(count: Int) {
        let buffer = AlignedBuffer<Float>(count: count)
        let address = UInt(bitPattern: buffer.baseAddress)
        let pageAligned = count * MemoryLayout<Float>.stride >= AlignedBuffer<Float>.pageAlignedBytes
        #expect(address % (pageAligned ? UInt(BufferPlacement.staggerStep) : 64) == 0, "\(count) floats at \(address)")
        #expect(buffer.buffer.allSatisfy { $0 == 0 })
    }
}
