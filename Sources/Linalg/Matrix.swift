/// A dense row-major matrix that owns contiguous, 64-byte-aligned storage, with value semantics
/// (copy on write). Element (i, j) lives at `i·columns + j`.
public struct Matrix<Scalar: BLASScalar>: @unchecked Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    @usableFromInline var storage: AlignedBuffer<Scalar>

    /// A rows×columns matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        storage = AlignedBuffer(count: rows * columns, repeating: value)
    }

    /// A rows×columns matrix from `elements` in row-major order; the count must be rows·columns.
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(elements.count == rows * columns,
                     "Matrix: \(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        storage = AlignedBuffer(elements)
    }

    /// A matrix from nested rows, which must all have the same length: `Matrix([[1, 2], [3, 4]])`.
    public init(_ nestedRows: [[Scalar]]) {
        let columnCount = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == columnCount }, "Matrix: ragged rows")
        self.init(rows: nestedRows.count, columns: columnCount, elements: nestedRows.flatMap { $0 })
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result[i, i] = 1 }
        return result
    }

    /// The square matrix with `values` on its diagonal and zeros elsewhere.
    public static func diagonal(_ values: [Scalar]) -> Matrix {
        var result = Matrix(rows: values.count, columns: values.count)
        for (i, value) in values.enumerated() { result[i, i] = value }
        return result
    }

    /// rows·columns.
    @inlinable public var count: Int { rows * columns }
    /// Whether rows == columns.
    @inlinable public var isSquare: Bool { rows == columns }
    /// The elements in row-major order.
    public var elements: [Scalar] { storage.array }

    /// Element (row, column), with bounds checked.
    @inlinable public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index (\(row), \(column)) out of \(rows)×\(columns)")
            return storage.baseAddress[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index (\(row), \(column)) out of \(rows)×\(columns)")
            makeUnique()
            storage.baseAddress[row * columns + column] = newValue
        }
    }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Calls `body` with the elements in row-major order.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(storage.buffer)) }
    }

    /// Calls `body` with the mutable elements in row-major order (copying first if shared).
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        makeUnique()
        return try withExtendedLifetime(storage) { try body(storage.buffer) }
    }

    /// Row `index` as a view without copy, valid inside `body`.
    @inlinable
    public func withRow<R>(_ index: Int, _ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < rows, "Matrix row \(index) out of \(rows)")
        return try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage.baseAddress + index * columns, count: columns))
        }
    }

    /// Row `index` as an array.
    public func row(_ index: Int) -> [Scalar] { withRow(index) { Array($0) } }

    /// Column `index` as an array.
    public func column(_ index: Int) -> [Scalar] {
        precondition(index >= 0 && index < columns, "Matrix column \(index) out of \(columns)")
        return (0..<rows).map { storage.baseAddress[$0 * columns + index] }
    }

    /// The transpose, as a new matrix.
    public func transposed() -> Matrix {
        let result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.storage.baseAddress[j * rows + i] = storage.baseAddress[i * columns + j] }
        }
        return result
    }

    /// The Frobenius norm √(Σ aᵢⱼ²), by BLAS `nrm2` (no overflow).
    public var frobeniusNorm: Scalar {
        withUnsafeBufferPointer { Scalar.nrm2(n: count, x: $0.baseAddress!, incx: 1) }
    }
}

extension Matrix: Equatable {
    /// Equal shapes and elements.
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.elements == rhs.elements
    }
}

extension Matrix: CustomStringConvertible {
    /// The matrix as rows of numbers, for diagnostics.
    public var description: String {
        (0..<rows).map { row($0).map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
    }
}
