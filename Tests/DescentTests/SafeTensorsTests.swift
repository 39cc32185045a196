import Foundation
import Testing
@testable import Descent

@Suite("safetensors files")
struct SafeTensorsTests {
    func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-st-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    @Test("The bytes follow the format: u64 LE header length, JSON padded to 8, little-endian data")
    func layout() {
        let file = SafeTensorsFile(tensors: [StoredTensor(name: "a", dtype: .float32, shape: [2], values: [1, -2])], metadata: [:])
        let bytes = [UInt8](file.encoded())
        let expectedHeader = #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#
        let paddedLength = (expectedHeader.utf8.count + 7) / 8 * 8
        #expect(bytes[0..<8] == [UInt8(paddedLength), 0, 0, 0, 0, 0, 0, 0][...])
        #expect(String(decoding: bytes[8..<(8 + expectedHeader.utf8.count)], as: UTF8.self) == expectedHeader)
        #expect(bytes[(8 + expectedHeader.utf8.count)..<(8 + paddedLength)].allSatisfy { $0 == UInt8(ascii: " ") })
        // 1.0f is 0x3F800000 and −2.0f is 0xC0000000, stored little-endian.
        #expect(Array(bytes[(8 + paddedLength)...]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
    }

    @Test("Write then read gives the same tensors and metadata, for every dtype")
    func roundTrip() throws {
        let file = SafeTensorsFile(tensors: [
            StoredTensor(name: "0.weight", dtype: .float32, shape: [2, 3], values: [0.5, -1.25, 3, 4, 5, 6]),
            StoredTensor(name: "0.bias", dtype: .float64, shape: [2], values: [0.1, -0.3]),
            StoredTensor(name: "1.num_batches_tracked", dtype: .int64, shape: [], values: [42]),
        ], metadata: ["task": "classification", "classes": #"["a","b"]"#])
        let path = temporaryPath("model.safetensors")
        try file.write(to: path)
        let read = try SafeTensorsFile.read(from: path)
        #expect(read == file)
        #expect(read.tensor(named: "0.bias")?.values == [0.1, -0.3])
    }

    @Test("A truncated file is a clear error naming the file and the sizes")
    func truncated() throws {
        let file = SafeTensorsFile(tensors: [StoredTensor(name: "w", dtype: .float64, shape: [4], values: [1, 2, 3, 4])], metadata: [:])
        let data = file.encoded()
        let path = temporaryPath("cut.safetensors")
        try data.prefix(data.count - 5).write(to: URL(fileURLWithPath: path))
        #expect(throws: SafeTensorsError.truncated(path: path, expectedBytes: data.count, foundBytes: data.count - 5)) {
            try SafeTensorsFile.read(from: path)
        }
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile.decode(Data([1, 2, 3]), path: "x") }
        let error = SafeTensorsError.truncated(path: path, expectedBytes: 10, foundBytes: 3)
        #expect(error.description.contains(path) && error.description.contains("truncated"))
    }

    @Test("Garbage headers and inconsistent entries are rejected")
    func badHeaders() {
        var garbage = Data([16, 0, 0, 0, 0, 0, 0, 0])
        garbage.append(contentsOf: Array("not json at all!".utf8))
        #expect(throws: SafeTensorsError.badHeader(path: "g", reason: "the header is not JSON")) { try SafeTensorsFile.decode(garbage, path: "g") }
        let header = #"{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}"#
        var bad = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bad.append(contentsOf: $0) }
        bad.append(contentsOf: Array(header.utf8))
        bad.append(contentsOf: [UInt8](repeating: 0, count: 12))
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile.decode(bad, path: "b") }
    }

    @Test("Atomic writes replace the whole file and leave no temporary behind")
    func atomicWrite() throws {
        let path = temporaryPath("history.csv")
        try AtomicFile.write("old\n", to: path)
        try AtomicFile.write("new content\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new content\n")
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["history.csv"])
        #expect(throws: FileError.self) { try AtomicFile.write("x", to: "/nonexistent-dir-descent/file.csv") }
    }
}
