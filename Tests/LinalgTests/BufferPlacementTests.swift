import Foundation
import Linalg
import Testing

/// `BufferPlacement`: buffers from a page on start a stagger past a page (large ones past a 2 MiB
/// boundary) that differs between consecutive buffers, stay 64-byte aligned, and large ones are
/// advised to the kernel as huge-page memory.
@Suite("BufferPlacement")
struct BufferPlacementTests {
    @Test("Eight consecutive large buffers take eight different 64-aligned starts inside a 4 KiB page")
    func layoutStaggers() throws {
        try #require(BufferPlacement.supportsLarge)
        let large = BufferPlacement.largeBytes
        let offsets = (0..<8).map { BufferPlacement.layout(byteCount: large, serial: 100 + $0).offset }
        #expect(Set(offsets.map { $0 % 4096 }).count == 8, "\(offsets)")
        #expect(offsets.allSatisfy { $0 % 64 == 0 && $0 < 4096 })
        #expect(BufferPlacement.layout(byteCount: large, serial: 3).alignment == 2 << 20)
        #expect(BufferPlacement.layout(byteCount: large, serial: 3).hugePages)
        let below = BufferPlacement.layout(byteCount: large - 1, serial: 3)
        #expect(below.alignment == 4096 && below.offset == 3 * BufferPlacement.staggerStep && !below.hugePages)
        let page = AlignedBuffer<Float>.pageAlignedBytes
        let pageOffsets = (0..<8).map { BufferPlacement.layout(byteCount: page, serial: 100 + $0).offset }
        #expect(Set(pageOffsets).count == 8, "\(pageOffsets)")
        let small = BufferPlacement.layout(byteCount: page - 1, serial: 3)
        #expect(small.alignment == 64 && small.offset == 0 && !small.hugePages)
        #expect(BufferPlacement.layout(byteCount: 100, serial: 3).alignment == 64)
    }

    @Test("Parameter-sized buffers (a page and more, below the large size) start at different staggers past a page")
    func pageSizedStarts() {
        let count = 269_322
        let buffers = (0..<4).map { _ in AlignedBuffer<Float>(count: count, repeating: 2) }
        let starts = buffers.map { Int(UInt(bitPattern: $0.baseAddress) % 4096) }
        let designed = Set((0..<BufferPlacement.staggerSlots).map { $0 * BufferPlacement.staggerStep })
        #expect(starts.allSatisfy { designed.contains($0) }, "\(starts)")
        #expect(Set(starts).count == 4, "four consecutive buffers at \(starts)")
        #expect(buffers.allSatisfy { $0[0] == 2 && $0[count - 1] == 2 })
    }

    @Test("Large buffers start at a designed stagger past a 2 MiB boundary, not all at one offset; values intact")
    func allocatedStarts() throws {
        try #require(BufferPlacement.supportsLarge)
        let count = BufferPlacement.largeBytes / MemoryLayout<Float>.stride + 1_000
        let buffers = (0..<8).map { _ in AlignedBuffer<Float>(count: count, repeating: 1.5) }
        let starts = buffers.map { Int(UInt(bitPattern: $0.baseAddress) % UInt(2 << 20)) }
        let designed = Set((0..<BufferPlacement.staggerSlots).map { $0 * BufferPlacement.staggerStep })
        #expect(starts.allSatisfy { designed.contains($0) }, "\(starts)")
        #expect(Set(starts).count > 1, "every buffer at \(starts[0])")
        #expect(buffers.allSatisfy { $0[0] == 1.5 && $0[count - 1] == 1.5 })
        let copy = buffers[0].copy()
        #expect(copy.array == buffers[0].array)
    }

    @Test("A large buffer's memory is advised for huge pages (VmFlags hg)")
    func hugePageAdvice() throws {
        try #require(BufferPlacement.supportsLarge)
        let large = AlignedBuffer<Double>(count: BufferPlacement.largeBytes / 8 + 4_096)
        // Read to the end: /proc files report a size of 0, which a whole-file read may trust.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        let smaps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        try handle.close()
        let flags = Self.flags(of: UInt(bitPattern: large.baseAddress) + 8 * 4_096, in: smaps)
        #expect(flags?.contains("hg") == true, "\(flags ?? [])")
    }

    /// The VmFlags of the mapping of /proc/self/smaps that holds `address`.
    static func flags(of address: UInt, in smaps: String) -> [Substring]? {
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inside, fields.first == "VmFlags:" {
                return Array(fields.dropFirst())
            }
        }
        return nil
    }
}
