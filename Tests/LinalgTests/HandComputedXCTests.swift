import XCTest
@testable import Linalg

/// A few hand-computed results under XCTest as well, so both test runners report work.
final class HandComputedXCTests: XCTestCase {
    /// [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[19, 22], [43, 50]].
    func testTwoByTwoProduct() {
        let product = BLAS.product(Matrix<Double>([[1, 2], [3, 4]]), Matrix<Double>([[5, 6], [7, 8]]))
        XCTAssertEqual(product, Matrix<Double>([[19, 22], [43, 50]]))
    }

    /// [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    func testTwoByTwoEigenvalues() throws {
        let values = try SymmetricEigen.eigenvalues(of: Matrix<Double>([[2, 1], [1, 2]]))
        XCTAssertEqual(values[0], 1, accuracy: 1e-15)
        XCTAssertEqual(values[1], 3, accuracy: 1e-15)
    }
}
