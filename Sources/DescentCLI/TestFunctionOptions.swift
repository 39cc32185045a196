import ArgumentParser
import Descent

/// The parameters of the 2-D test functions, shared by `descent landscape` and `descent hessian --function`.
struct TestFunctionOptions: ParsableArguments {
    @Option(help: "taco: the condition number κ ≥ 1 (steep curvature κ, shallow curvature 1).")
    var kappa: Double?

    @Option(parsing: .unconditional, help: "taco: rotation of the long axis from the x axis, in degrees.")
    var angle: Double?

    @Option(parsing: .unconditional, help: "quadratic: the symmetric matrix A as a,b,b,d (row by row).")
    var matrix: String?

    @Option(parsing: .unconditional, help: "quadratic: the linear term b1,b2 of ½pᵀAp + bᵀp.")
    var linear: String?

    /// Whether any of them was given, by flag name.
    var given: [(flag: String, isGiven: Bool)] {
        [("--kappa", kappa != nil), ("--angle", angle != nil), ("--matrix", matrix != nil), ("--linear", linear != nil)]
    }

    /// The parameters, or a `LandscapeError` naming the malformed flag.
    func parameters() throws -> TestFunctionParameters {
        TestFunctionParameters(
            kappa: kappa, angleDegrees: angle,
            matrix: try matrix.map { try NumberList.parse($0, count: 4, flag: "matrix", meaning: "a,b,b,d") },
            linear: try linear.map { try NumberList.parse($0, count: 2, flag: "linear", meaning: "b1,b2") })
    }
}
