import Descent
import Plot
import Testing

@Suite("Contours of the test functions are whole lines")
struct ContourClosureTests {
    /// Whether a point lies on the border of the grid's box (to rounding).
    static func onBorder(_ p: (x: Double, y: Double), _ grid: LandscapeGrid) -> Bool {
        let (x0, x1, y0, y1) = (grid.x.first!, grid.x.last!, grid.y.first!, grid.y.last!)
        let tolerance = 1e-9 * max(x1 - x0, y1 - y0)
        return abs(p.x - x0) <= tolerance || abs(p.x - x1) <= tolerance || abs(p.y - y0) <= tolerance || abs(p.y - y1) <= tolerance
    }

    @Test("Every contour path of the plotted levels is closed or ends on the border", arguments: TestFunctions.names)
    func closedOrOnBorder(name: String) throws {
        let function = try TestFunctions.named(name)
        // Rosenbrock at the resolution `descent landscape` plots (181²), the others coarser to keep the test short.
        let size = name == "rosenbrock" ? 181 : 91
        let grid = LandscapeGrid(function: function, box: function.plotBox, columns: size, rows: size)
        let levels = ContourLevels.logSpaced(covering: grid.values, count: 20)
        #expect(levels.count == 20)
        var pathCount = 0
        for level in levels {
            let paths = MarchingSquares.paths(x: grid.x, y: grid.y, values: grid.values, level: level)
            for path in paths {
                pathCount += 1
                let first = try #require(path.points.first), last = try #require(path.points.last)
                if path.isClosed {
                    #expect(first.x == last.x && first.y == last.y, "\(name) level \(level): a closed path must end where it starts")
                } else {
                    #expect(Self.onBorder(first, grid) && Self.onBorder(last, grid),
                            "\(name) level \(level): open path from \(first) to \(last) ends inside the box")
                }
            }
            // Joining loses no segment: the paths hold every segment once.
            let segments = MarchingSquares.segments(x: grid.x, y: grid.y, values: grid.values, level: level).count
            let joined = paths.reduce(0) { $0 + $1.points.count - 1 }
            #expect(segments == joined)
        }
        #expect(pathCount >= levels.count)
    }

    @Test("A saddle cell follows the bilinear interpolant (asymptotic decider), not the corners' mean")
    func asymptoticDecider() {
        // Corners 10, −1, 0.1, −3 (counter-clockwise): mean 1.525 ≥ 0 would join corners 0 and 2,
        // but the interpolant's saddle value (10·0.1 − (−1)(−3))/(10 + 0.1 + 1 + 3) ≈ −0.142 < 0
        // separates them: the lines cut off corners 0 and 2.
        let segments = MarchingSquares.segments(x: [0, 1], y: [0, 1], values: [[10, -1], [-3, 0.1]], level: 0)
        #expect(segments.count == 2)
        let middles = segments.map { (($0.start.x + $0.end.x) / 2, ($0.start.y + $0.end.y) / 2) }
        #expect(middles.contains { $0.0 < 0.5 && $0.1 < 0.5 })            // corner 0 (0, 0) is cut off
        #expect(middles.contains { $0.0 > 0.5 && $0.1 > 0.5 })            // corner 2 (1, 1) is cut off
        #expect(!middles.contains { $0.0 > 0.5 && $0.1 < 0.5 })           // the mean's choice would cut off corner 1
    }
}
