import Descent
import Linalg

/// A fixed numerical workload whose results can be compared across OpenBLAS kernel families:
/// a GEMM, a symmetric eigenvalue problem and an SVD on seeded data, in Float and Double.
struct KernelCheck {
    var gemmFloat: [Double]
    var gemmDouble: [Double]
    var eigenvalues: [Double]
    var singularValues: [Double]

    /// Runs the workload (seed 2024, 67×45 by 45×53 products; a 40×40 symmetric matrix).
    static func run() throws -> KernelCheck {
        var random = RandomGenerator(seed: 2024)
        func randomMatrix<S: BLASScalar>(_ rows: Int, _ columns: Int, _ type: S.Type) -> Matrix<S> {
            var m = Matrix<S>(rows: rows, columns: columns)
            m.withUnsafeMutableBufferPointer { random.fillNormal($0) }
            return m
        }
        let productFloat = BLAS.product(randomMatrix(67, 45, Float.self), randomMatrix(45, 53, Float.self))
        let productDouble = BLAS.product(randomMatrix(67, 45, Double.self), randomMatrix(53, 45, Double.self), transposeB: .transpose)
        let b = randomMatrix(40, 40, Double.self)
        let symmetric = BLAS.product(b, b, transposeA: .transpose)
        return KernelCheck(
            gemmFloat: productFloat.elements.map(Double.init),
            gemmDouble: productDouble.elements,
            eigenvalues: try SymmetricEigen.eigenvalues(of: symmetric),
            singularValues: try SingularValues.values(of: b)
        )
    }

    /// The results as one JSON line of type "kernel_check", with the kernel family that produced them.
    var jsonText: String {
        get throws { try Record(core: OpenBLASRuntime.coreName, check: self).jsonLine() }
    }

    /// The JSON record: the OpenBLAS core and the four result lists.
    struct Record: JSONRecord {
        let type = "kernel_check"
        var core: String
        var gemmFloat: [Double]
        var gemmDouble: [Double]
        var eigenvalues: [Double]
        var singularValues: [Double]

        init(core: String, check: KernelCheck) {
            self.core = core
            gemmFloat = check.gemmFloat
            gemmDouble = check.gemmDouble
            eigenvalues = check.eigenvalues
            singularValues = check.singularValues
        }
    }
}
