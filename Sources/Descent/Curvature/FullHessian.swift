import Linalg

/// A dense Hessian assembled from Hessian-vector products, symmetrized, with how far from
/// symmetric the raw products were.
public struct AssembledHessian: Sendable {
    /// (H + Hᵀ)/2, n×n row-major.
    public var matrix: Matrix<Double>
    /// ‖H − Hᵀ‖F / ‖H‖F of the raw assembled matrix (0 for an exactly symmetric one; of the order of
    /// the unit roundoff times the depth of the network for exact R-operator products).
    public var asymmetry: Double
    /// The number of Hessian-vector products used (n).
    public var productCount: Int
}

/// Dense Hessians from Hessian-vector products: column j of H is H·eⱼ.
///
/// `assemble(dimension:blockSize:blockProduct:)` takes a block product: `NetworkHessian.assemble`
/// pushes k unit vectors through one pass of the network's block R-operator
/// (`Network.hessianVectorProducts`), sharing the point's forward and backward passes and stacking
/// the k directions into GEMMs k times wider; the single-product form remains for any operator.
public enum FullHessian {
    /// Assembles H from `product(v, Hv)` on the unit vectors, within `memoryGuard`'s limit; the
    /// guard's error names the bytes an n×n Double matrix would take.
    public static func assemble(
        dimension n: Int, memoryGuard: HessianMemoryGuard = HessianMemoryGuard(),
        product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(CurvatureError) -> AssembledHessian {
        let unit = AlignedBuffer<Double>(count: n)
        return try assemble(dimension: n, blockSize: 1, memoryGuard: memoryGuard) { first, count, rows in
            for offset in 0..<count {
                let j = first + offset
                unit[j] = 1
                product(UnsafeBufferPointer(unit.buffer), UnsafeMutableBufferPointer(start: rows + offset * n, count: n))
                unit[j] = 0
            }
        }
    }

    /// Assembles H from a block product: `blockProduct(j, k, rows)` writes H·eⱼ … H·eⱼ₊ₖ₋₁ as k
    /// consecutive rows of length n at `rows` (row r of the result holds column r of H, which for a
    /// symmetric H is its row r). Then measures ‖H − Hᵀ‖F/‖H‖F and symmetrizes.
    /// `progress(done, n)` is called after each block with the columns done so far.
    public static func assemble(
        dimension n: Int, blockSize: Int, memoryGuard: HessianMemoryGuard = HessianMemoryGuard(),
        progress: ((Int, Int) -> Void)? = nil, blockProduct: (Int, Int, UnsafeMutablePointer<Double>) -> Void
    ) throws(CurvatureError) -> AssembledHessian {
        guard n > 0 else { throw .invalidArgument(name: "dimension", message: "must be positive, got \(n)") }
        guard blockSize > 0 else { throw .invalidArgument(name: "blockSize", message: "must be positive, got \(blockSize)") }
        try memoryGuard.check(parameters: n)
        var matrix = Matrix<Double>(rows: n, columns: n)
        matrix.withUnsafeMutableBufferPointer { h in
            for first in stride(from: 0, to: n, by: blockSize) {
                blockProduct(first, min(blockSize, n - first), h.baseAddress! + first * n)
                progress?(min(first + blockSize, n), n)
            }
        }
        let asymmetry = symmetrize(&matrix)
        return AssembledHessian(matrix: matrix, asymmetry: asymmetry, productCount: n)
    }

    /// Replaces the square matrix `a` by (A + Aᵀ)/2 and returns ‖A − Aᵀ‖F/‖A‖F (0 for A = 0).
    @discardableResult
    public static func symmetrize(_ a: inout Matrix<Double>) -> Double {
        precondition(a.isSquare, "symmetrize: the matrix is \(a.rows)×\(a.columns)")
        let n = a.rows
        let norm = a.frobeniusNorm
        var differenceSquares = 0.0
        a.withUnsafeMutableBufferPointer { h in
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let upper = h[i * n + j], lower = h[j * n + i]
                    let difference = upper - lower
                    differenceSquares += 2 * difference * difference
                    let mean = 0.5 * (upper + lower)
                    h[i * n + j] = mean
                    h[j * n + i] = mean
                }
            }
        }
        return norm > 0 ? differenceSquares.squareRoot() / norm : 0
    }
}

extension NetworkHessian {
    /// The dense Hessian of this objective, n products on the unit vectors (see `FullHessian`), made
    /// `assemblyBlockSize` at a time by the network's block R-operator; `progress(done, n)` after each block.
    public func assemble(memoryGuard: HessianMemoryGuard = HessianMemoryGuard(),
                         progress: ((Int, Int) -> Void)? = nil) throws(CurvatureError) -> AssembledHessian {
        let n = dimension, k = assemblyBlockSize
        guard k > 1 else {
            let unit = AlignedBuffer<Double>(count: n)
            return try FullHessian.assemble(dimension: n, blockSize: 1, memoryGuard: memoryGuard, progress: progress) { j, _, row in
                unit[j] = 1
                apply(UnsafeBufferPointer(unit.buffer), into: UnsafeMutableBufferPointer(start: row, count: n))
                unit[j] = 0
            }
        }
        try memoryGuard.check(parameters: n)
        let units = AlignedBuffer<Double>(count: k * n)
        return try FullHessian.assemble(dimension: n, blockSize: k, memoryGuard: memoryGuard, progress: progress) { first, count, rows in
            for offset in 0..<count { units[offset * n + first + offset] = 1 }
            apply(block: UnsafeBufferPointer(start: units.baseAddress, count: count * n),
                  into: UnsafeMutableBufferPointer(start: rows, count: count * n))
            for offset in 0..<count { units[offset * n + first + offset] = 0 }
        }
    }
}
