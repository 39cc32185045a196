import Descent
import Linalg
import Testing

/// The test functions: analytic gradients and Hessians against central differences, known
/// critical points against the gradient, and the catalog's names and errors.
@Suite("Landscape test functions")
struct LandscapeFunctionTests {
    /// Every function of the catalog, the parametrized ones with non-default parameters too.
    static let functions: [any TestFunction] = {
        var list = TestFunctions.names.map { try! TestFunctions.named($0) }
        list.append(try! TacoShellFunction(kappa: 7, angleDegrees: 30))
        list.append(try! QuadraticFunction(a: 3, b: -1, c: -1, d: 2, linear: SIMD2(0.5, -1.5)))
        list.append(try! QuadraticFunction(a: 1, b: 2, c: 2, d: -1, linear: SIMD2(1, 1)))
        return list
    }()

    /// Points inside each plotting box, away from symmetric spots.
    static func samplePoints(_ function: any TestFunction) -> [SIMD2<Double>] {
        let box = function.plotBox
        return [(0.13, 0.71), (0.62, 0.28), (0.85, 0.9), (0.4, 0.45)].map { u, v in
            SIMD2(box.xMin + u * (box.xMax - box.xMin), box.yMin + v * (box.yMax - box.yMin))
        } + [function.defaultStart]
    }

    @Test("analytic gradients agree with central differences of f", arguments: functions.indices)
    func gradientMatchesDifferences(index: Int) {
        let function = Self.functions[index]
        for p in Self.samplePoints(function) {
            let h = 1e-5 * max(1, abs(p.x), abs(p.y))
            let dx = (function.value(at: p + SIMD2(h, 0)) - function.value(at: p - SIMD2(h, 0))) / (2 * h)
            let dy = (function.value(at: p + SIMD2(0, h)) - function.value(at: p - SIMD2(0, h))) / (2 * h)
            let g = function.gradient(at: p)
            let scale = max(1, abs(g.x), abs(g.y))
            #expect(abs(g.x - dx) <= 1e-6 * scale, "\(function.name) ∂f/∂x at \(p): \(g.x) vs \(dx)")
            #expect(abs(g.y - dy) <= 1e-6 * scale, "\(function.name) ∂f/∂y at \(p): \(g.y) vs \(dy)")
        }
    }

    @Test("analytic Hessians agree with central differences of the gradient", arguments: functions.indices)
    func hessianMatchesDifferences(index: Int) {
        let function = Self.functions[index]
        for p in Self.samplePoints(function) {
            let h = 1e-5 * max(1, abs(p.x), abs(p.y))
            let columnX = (function.gradient(at: p + SIMD2(h, 0)) - function.gradient(at: p - SIMD2(h, 0))) / (2 * h)
            let columnY = (function.gradient(at: p + SIMD2(0, h)) - function.gradient(at: p - SIMD2(0, h))) / (2 * h)
            let H = function.hessian(at: p)
            let scale = max(1, abs(H.xx), abs(H.xy), abs(H.yy))
            #expect(abs(H.xx - columnX.x) <= 1e-6 * scale, "\(function.name) ∂²f/∂x² at \(p): \(H.xx) vs \(columnX.x)")
            #expect(abs(H.xy - columnX.y) <= 1e-6 * scale, "\(function.name) ∂²f/∂x∂y at \(p): \(H.xy) vs \(columnX.y)")
            #expect(abs(H.xy - columnY.x) <= 1e-6 * scale, "\(function.name) ∂²f/∂y∂x at \(p): \(H.xy) vs \(columnY.x)")
            #expect(abs(H.yy - columnY.y) <= 1e-6 * scale, "\(function.name) ∂²f/∂y² at \(p): \(H.yy) vs \(columnY.y)")
        }
    }

    @Test("known critical points have zero gradient, their value, and the curvature of their kind", arguments: functions.indices)
    func criticalPointsAreCritical(index: Int) throws {
        let function = Self.functions[index]
        for critical in function.criticalPoints {
            let g = function.gradient(at: critical.point)
            #expect(Landscape.norm(g) < 1e-10, "\(function.name) ∇f at \(critical.point) = \(g)")
            #expect(abs(function.value(at: critical.point) - critical.value) < 1e-12)
            let spectrum = try CurvatureReport(function: function, at: critical.point).spectrum
            switch critical.kind {
            case .globalMinimum, .localMinimum: #expect(spectrum.lambdaMin > 0, "\(function.name) minimum \(critical.point)")
            case .maximum: #expect(spectrum.lambdaMax < 0, "\(function.name) maximum \(critical.point)")
            case .saddle where function.name == "monkey-saddle": #expect(spectrum.lambdaMax == 0 && spectrum.lambdaMin == 0)
            case .saddle: #expect(spectrum.negativeCount == 1 && spectrum.positiveCount == 1, "\(function.name) saddle")
            }
        }
        let minima = function.knownMinima
        if let lowest = minima.map(\.value).min() {
            for minimum in minima where minimum.kind == .globalMinimum { #expect(minimum.value == lowest) }
        }
    }

    @Test("hand-derived values: Rosenbrock's Hessian at (1, 1), the taco's spectrum, Himmelblau's and Beale's minima")
    func handDerivedValues() throws {
        let rosenbrock = RosenbrockFunction()
        #expect(rosenbrock.hessian(at: SIMD2(1, 1)) == Hessian2(xx: 802, xy: -400, yy: 200))
        #expect(abs(rosenbrock.value(at: SIMD2(-1.2, 1)) - 24.2) < 1e-12)
        let taco = try TacoShellFunction(kappa: 100, angleDegrees: 30)
        let eigenvalues = try taco.hessian(at: SIMD2(0.3, -2)).eigenvalues()
        #expect(abs(eigenvalues[0] - 1) < 1e-12 && abs(eigenvalues[1] - 100) < 1e-11)
        #expect(abs(try CurvatureReport(function: taco, at: .zero).conditionNumber - 100) < 1e-10)
        // f at u = 2 along the shallow axis is ½·2² = 2; at v = 1 along the steep axis ½·100 = 50.
        #expect(abs(taco.value(at: 2 * taco.shallowAxis) - 2) < 1e-12)
        #expect(abs(taco.value(at: taco.steepAxis) - 50) < 1e-12)
        let himmelblau = HimmelblauFunction()
        #expect(himmelblau.knownMinima.count == 4)
        #expect(himmelblau.knownMinima.allSatisfy { himmelblau.value(at: $0.point) < 1e-20 })
        #expect(himmelblau.knownMinima.contains { $0.point == SIMD2(3, 2) })
        #expect(abs(himmelblau.knownMinima[1].point.x - -2.805118) < 1e-6 && abs(himmelblau.knownMinima[1].point.y - 3.131312) < 1e-6)
        #expect(BealeFunction().value(at: SIMD2(3, 0.5)) == 0)
        // 0.1x² + 2y² at (−5, −2): 2.5 + 8.
        let quadratic = try TestFunctions.named("quadratic")
        #expect(quadratic.value(at: SIMD2(-5, -2)) == 10.5)
        #expect(quadratic.formula == "0.1x² + 2y²")
        let valley = ValleyFunction()
        let global = try #require(valley.knownMinima.first { $0.kind == .globalMinimum })
        let local = try #require(valley.knownMinima.first { $0.kind == .localMinimum })
        #expect(global.point.x < 0 && local.point.x > 0 && global.value < local.value)
        #expect(SaddleFunction().value(at: SIMD2(1, 2)) == -3 && MonkeySaddleFunction().value(at: SIMD2(2, 1)) == 2)
    }

    @Test("every CLI name builds its function; unknown names list the valid ones")
    func catalog() throws {
        for name in TestFunctions.names { #expect(try TestFunctions.named(name).name == name) }
        #expect(TestFunctions.names == ["rosenbrock", "beale", "himmelblau", "saddle", "monkey-saddle", "taco", "quadratic", "valley"])
        #expect(throws: LandscapeError.unknownFunction(name: "banana", valid: TestFunctions.names)) {
            try TestFunctions.named("banana")
        }
        let message = "\(LandscapeError.unknownFunction(name: "banana", valid: TestFunctions.names))"
        #expect(message.contains("banana") && message.contains("monkey-saddle"))
    }

    @Test("parameters are checked: range, symmetry, and which function takes them")
    func parameterErrors() throws {
        #expect(throws: LandscapeError.parameterNotApplicable(parameter: "kappa", function: "rosenbrock", takenBy: ["taco"])) {
            try TestFunctions.named("rosenbrock", parameters: .init(kappa: 10))
        }
        #expect(throws: LandscapeError.self) { try TestFunctions.named("taco", parameters: .init(kappa: 0.5)) }
        #expect(throws: LandscapeError.self) { try TestFunctions.named("taco", parameters: .init(angleDegrees: .nan)) }
        #expect(throws: LandscapeError.self) { try TestFunctions.named("quadratic", parameters: .init(matrix: [1, 2, 3, 4])) }
        #expect(throws: LandscapeError.self) { try TestFunctions.named("quadratic", parameters: .init(matrix: [1, 2, 3])) }
        #expect(throws: LandscapeError.self) { try TestFunctions.named("taco", parameters: .init(matrix: [1, 0, 0, 1])) }
        let taco = try TestFunctions.named("taco", parameters: .init(kappa: 50, angleDegrees: 45))
        #expect(abs(try CurvatureReport(function: taco, at: .zero).conditionNumber - 50) < 1e-9)
        let shifted = try TestFunctions.named("quadratic", parameters: .init(matrix: [2, 0, 0, 4], linear: [-2, 8]))
        // ∇f = Ap + b = 0 at p = (1, −2).
        #expect(shifted.knownMinima.map(\.point) == [SIMD2(1, -2)])
    }
}
