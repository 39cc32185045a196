/// The optional parameters of the test functions, as the CLI passes them. A parameter given to a
/// function that does not read it is an error, so a typo cannot pass silently.
public struct TestFunctionParameters: Sendable, Equatable {
    /// The taco shell's condition number κ = λsteep / λshallow (≥ 1).
    public var kappa: Double?
    /// The taco shell's rotation of its long axis from the x axis, in degrees.
    public var angleDegrees: Double?
    /// The quadratic's matrix A as row-major a, b, c, d (symmetric: b = c).
    public var matrix: [Double]?
    /// The quadratic's linear term b.
    public var linear: [Double]?

    /// Creates parameters; nil takes each function's default.
    public init(kappa: Double? = nil, angleDegrees: Double? = nil, matrix: [Double]? = nil, linear: [Double]? = nil) {
        self.kappa = kappa
        self.angleDegrees = angleDegrees
        self.matrix = matrix
        self.linear = linear
    }
}

/// The catalog of test functions by CLI name.
public enum TestFunctions {
    /// Every CLI name, in the order help text lists them.
    public static let names = ["rosenbrock", "beale", "himmelblau", "saddle", "monkey-saddle", "taco", "quadratic", "valley"]

    /// The function called `name`, built with `parameters`. Throws `LandscapeError.unknownFunction`
    /// listing the valid names, `.invalidParameter` for a value out of range, and
    /// `.parameterNotApplicable` for a parameter the function does not take.
    public static func named(_ name: String, parameters: TestFunctionParameters = .init()) throws(LandscapeError) -> any TestFunction {
        let given: [(String, Bool)] = [
            ("kappa", parameters.kappa != nil), ("angle", parameters.angleDegrees != nil),
            ("matrix", parameters.matrix != nil), ("linear", parameters.linear != nil),
        ]
        let takes: [String: Set<String>] = ["taco": ["kappa", "angle"], "quadratic": ["matrix", "linear"]]
        guard names.contains(name) else { throw .unknownFunction(name: name, valid: names) }
        for (parameter, isGiven) in given where isGiven && !(takes[name]?.contains(parameter) ?? false) {
            let takenBy = takes.filter { $0.value.contains(parameter) }.map(\.key).sorted()
            throw .parameterNotApplicable(parameter: parameter, function: name, takenBy: takenBy)
        }
        switch name {
        case "rosenbrock": return RosenbrockFunction()
        case "beale": return BealeFunction()
        case "himmelblau": return HimmelblauFunction()
        case "saddle": return SaddleFunction()
        case "monkey-saddle": return MonkeySaddleFunction()
        case "taco":
            return try TacoShellFunction(kappa: parameters.kappa ?? TacoShellFunction.defaultKappa,
                                         angleDegrees: parameters.angleDegrees ?? 0)
        case "quadratic":
            let a = parameters.matrix ?? QuadraticFunction.defaultMatrix
            guard a.count == 4 else {
                throw .invalidParameter(parameter: "matrix", value: a.map { "\($0)" }.joined(separator: ","),
                                        expected: "four numbers a,b,c,d (the 2×2 matrix row by row)")
            }
            let b = parameters.linear ?? [0, 0]
            guard b.count == 2 else {
                throw .invalidParameter(parameter: "linear", value: b.map { "\($0)" }.joined(separator: ","),
                                        expected: "two numbers p,q")
            }
            return try QuadraticFunction(a: a[0], b: a[1], c: a[2], d: a[3], linear: SIMD2(b[0], b[1]))
        default: return ValleyFunction()
        }
    }
}
