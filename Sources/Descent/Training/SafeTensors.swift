import Foundation

/// The element types Descent reads and writes in safetensors files.
public enum SafeTensorsDType: String, Sendable, Equatable {
    /// IEEE 754 binary32, little-endian.
    case float32 = "F32"
    /// IEEE 754 binary64, little-endian.
    case float64 = "F64"
    /// Two's-complement 64-bit integer, little-endian (PyTorch's `num_batches_tracked`).
    case int64 = "I64"

    /// Bytes per element.
    public var byteCount: Int { self == .float32 ? 4 : 8 }
}

/// One named tensor: a shape and its elements, kept as Double (exact for F32, F64 and integers up to 2⁵³).
public struct StoredTensor: Sendable, Equatable {
    /// The state_dict name, e.g. "0.weight".
    public var name: String
    /// The element type on disk.
    public var dtype: SafeTensorsDType
    /// The shape; the product of its entries is `values.count` (a scalar has shape []).
    public var shape: [Int]
    /// The elements in row-major order.
    public var values: [Double]

    /// A tensor; `values.count` must equal the product of `shape`.
    public init(name: String, dtype: SafeTensorsDType, shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "tensor \(name): shape \(shape) does not hold \(values.count) values")
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.values = values
    }
}

/// Errors reading a safetensors file; each names the file and what is wrong.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file is shorter than its header says (cut off while copying, or not a safetensors file).
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    /// The JSON header cannot be read.
    case badHeader(path: String, reason: String)
    /// A tensor entry is inconsistent (dtype, shape or offsets).
    case badTensor(path: String, name: String, reason: String)
    /// A tensor that the caller needs is missing.
    case missingTensor(path: String, name: String)

    public var description: String {
        switch self {
        case let .truncated(path, expected, found):
            return "\(path): truncated safetensors file: needs \(expected) bytes, has \(found)"
        case let .badHeader(path, reason):
            return "\(path): not a valid safetensors file: \(reason)"
        case let .badTensor(path, name, reason):
            return "\(path): tensor '\(name)': \(reason)"
        case let .missingTensor(path, name):
            return "\(path): no tensor named '\(name)'"
        }
    }
}

/// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
/// length N, N bytes of JSON mapping each tensor name to {dtype, shape, data_offsets} plus an optional
/// "__metadata__" object of string values, padded with spaces to a multiple of 8, then the raw
/// little-endian tensor bytes. PyTorch's `safetensors.torch.load_file` and `load_state_dict` read it.
public struct SafeTensorsFile: Sendable, Equatable {
    /// The tensors in file order.
    public var tensors: [StoredTensor]
    /// The `__metadata__` strings (JSON documents, by Descent's convention, for structured values).
    public var metadata: [String: String]

    /// A file from tensors and metadata.
    public init(tensors: [StoredTensor], metadata: [String: String]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, or nil.
    public func tensor(named name: String) -> StoredTensor? { tensors.first { $0.name == name } }

    /// The bytes of the file. Keys are written in a fixed order (metadata sorted by key first, then
    /// tensors in their order), so equal content gives equal bytes.
    public func encoded() -> Data {
        var offset = 0
        var fields: [(String, String)] = []
        if !metadata.isEmpty {
            let entries = metadata.keys.sorted().map { ($0, JSONText.quoted(metadata[$0]!)) }
            fields.append(("__metadata__", JSONText.object(entries)))
        }
        for tensor in tensors {
            let size = tensor.values.count * tensor.dtype.byteCount
            let entry = JSONText.object([
                ("dtype", JSONText.quoted(tensor.dtype.rawValue)),
                ("shape", JSONText.array(tensor.shape.map(String.init))),
                ("data_offsets", JSONText.array([String(offset), String(offset + size)])),
            ])
            fields.append((tensor.name, entry))
            offset += size
        }
        var header = Array(JSONText.object(fields).utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for tensor in tensors {
            switch tensor.dtype {
            case .float32:
                for value in tensor.values { withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            case .float64:
                for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            case .int64:
                for value in tensor.values { withUnsafeBytes(of: Int64(value).littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Writes the file atomically (temporary file, then rename).
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Writes the file to a temporary beside `path`; `AtomicFile.commit` puts it in place (for pairs).
    public func stage(to path: String) throws -> AtomicFile.Staged {
        try AtomicFile.stage(encoded(), to: path)
    }

    /// Reads and validates a safetensors file.
    public static func read(from path: String) throws -> SafeTensorsFile {
        if let reason = DescriptorIO.unreadableReason(path) { throw FileError.cannotRead(path: path, reason: reason) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError.cannotRead(path: path, reason: DescriptorIO.unreadableReason(path) ?? "read failed")
        }
        return try decode(data, path: path)
    }

    /// The product of a shape's dimensions, nil when it overflows `Int`.
    static func product(_ shape: [Int]) -> Int? {
        var result = 1
        for dimension in shape {
            let (next, overflow) = result.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Parses the bytes of a safetensors file; `path` only names it in errors.
    public static func decode(_ data: Data, path: String) throws -> SafeTensorsFile {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw SafeTensorsError.truncated(path: path, expectedBytes: 8, foundBytes: bytes.count) }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(100_000_000) else {
            throw SafeTensorsError.badHeader(path: path, reason: "header length \(headerLength) is implausible")
        }
        let headerEnd = 8 + Int(headerLength)
        guard bytes.count >= headerEnd else {
            throw SafeTensorsError.truncated(path: path, expectedBytes: headerEnd, foundBytes: bytes.count)
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw SafeTensorsError.badHeader(path: path, reason: "the header is not JSON")
        }
        guard let header = json as? [String: Any] else {
            throw SafeTensorsError.badHeader(path: path, reason: "the header is not a JSON object")
        }
        let (metadata, entries) = try Self.headerEntries(header, path: path)
        let dataLength = entries.map(\.end).max() ?? 0
        guard dataLength <= bytes.count - headerEnd else {
            let expected = dataLength > Int.max - headerEnd ? Int.max : headerEnd + dataLength
            throw SafeTensorsError.truncated(path: path, expectedBytes: expected, foundBytes: bytes.count)
        }
        let tensors = entries.map { Self.tensor($0, bytes: bytes, dataStart: headerEnd) }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// One tensor's entry of the header: its dtype, shape and byte range in the data section.
    typealias HeaderEntry = (name: String, dtype: SafeTensorsDType, shape: [Int], begin: Int, end: Int)

    /// The metadata and the tensor entries of a parsed header, entries sorted by their offset in
    /// the data section; each entry's shape checked against its byte range.
    static func headerEntries(_ header: [String: Any], path: String) throws -> (metadata: [String: String], entries: [HeaderEntry]) {
        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let strings = meta as? [String: String] else {
                throw SafeTensorsError.badHeader(path: path, reason: "__metadata__ must map names to strings")
            }
            metadata = strings
        }
        var entries: [HeaderEntry] = []
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                  let dtypeName = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [NSNumber])?.map(\.intValue),
                  let offsets = (entry["data_offsets"] as? [NSNumber])?.map(\.intValue), offsets.count == 2
            else { throw SafeTensorsError.badTensor(path: path, name: name, reason: "needs dtype, shape and two data_offsets") }
            guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
                throw SafeTensorsError.badTensor(path: path, name: name, reason: "dtype \(dtypeName) is not supported (F32, F64, I64 are)")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[1] >= offsets[0],
                  let elements = Self.product(shape), let bytes = Self.product([elements, dtype.byteCount]),
                  offsets[1] - offsets[0] == bytes
            else { throw SafeTensorsError.badTensor(path: path, name: name, reason: "shape \(shape) does not match data_offsets \(offsets)") }
            entries.append((name, dtype, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        return (metadata, entries)
    }

    /// The values of one checked entry, read little-endian from `bytes` at `dataStart` + its offset.
    static func tensor(_ entry: HeaderEntry, bytes: [UInt8], dataStart: Int) -> StoredTensor {
        let count = entry.shape.reduce(1, *)
        var values = [Double](repeating: 0, count: count)
        let start = dataStart + entry.begin
        for index in 0..<count {
            let at = start + index * entry.dtype.byteCount
            var word: UInt64 = 0
            for byte in 0..<entry.dtype.byteCount { word |= UInt64(bytes[at + byte]) << (8 * UInt64(byte)) }
            switch entry.dtype {
            case .float32: values[index] = Double(Float(bitPattern: UInt32(truncatingIfNeeded: word)))
            case .float64: values[index] = Double(bitPattern: word)
            case .int64: values[index] = Double(Int64(bitPattern: word))
            }
        }
        return StoredTensor(name: entry.name, dtype: entry.dtype, shape: entry.shape, values: values)
    }
}
