/// Where every trainable tensor of a network lives in its one flat parameter vector, in PyTorch
/// `nn.Sequential` state_dict order and naming ("0.weight" [out, in], "0.bias" [out], "1.weight" …),
/// plus the non-trainable buffers ("1.running_mean", "1.running_var", "1.num_batches_tracked"),
/// which are part of the model's state but kept out of the flat vector.
///
/// Gradients, Hessian-vector products and optimizer state are flat buffers of the same layout.
public struct ParameterLayout: Sendable, Equatable {
    /// One trainable tensor: a contiguous slice `offset ..< offset + count` of the flat vector,
    /// row-major with the given shape.
    public struct Entry: Sendable, Equatable {
        /// The state_dict name, e.g. "0.weight".
        public let name: String
        /// The PyTorch shape, e.g. [out, in] for a Linear weight.
        public let shape: [Int]
        /// The index of the first element in the flat vector.
        public let offset: Int
        /// The number of elements (the product of `shape`).
        public let count: Int
        /// Whether L1/L2 penalties apply (Linear weights only).
        public let isPenalized: Bool
    }

    /// One non-trainable buffer (BatchNorm running statistics and its batch counter).
    public struct Buffer: Sendable, Equatable {
        /// The state_dict name, e.g. "1.running_mean".
        public let name: String
        /// The shape ([] for the scalar counter).
        public let shape: [Int]
        /// Whether the values are integers (PyTorch int64 `num_batches_tracked`).
        public let isInteger: Bool
    }

    /// The trainable tensors in flat-vector order.
    public private(set) var entries: [Entry] = []
    /// The buffers, in state_dict order among themselves.
    public private(set) var buffers: [Buffer] = []
    /// The length of the flat vector: Σ entry counts.
    public private(set) var count: Int = 0

    /// An empty layout.
    public init() {}

    /// Appends a trainable tensor at the end of the flat vector and returns its offset.
    @discardableResult
    public mutating func append(name: String, shape: [Int], isPenalized: Bool) -> Int {
        let elementCount = shape.reduce(1, *)
        let offset = count
        entries.append(Entry(name: name, shape: shape, offset: offset, count: elementCount, isPenalized: isPenalized))
        count += elementCount
        return offset
    }

    /// Appends a non-trainable buffer.
    public mutating func appendBuffer(name: String, shape: [Int], isInteger: Bool = false) {
        buffers.append(Buffer(name: name, shape: shape, isInteger: isInteger))
    }

    /// The trainable tensor with this name, if any.
    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }
}
