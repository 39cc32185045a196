import Foundation
import Testing
import Plot

@Suite("Marching squares and contour levels")
struct MarchingSquaresTests {
    @Test("The level r² of x² + y² is a circle of radius r, to grid accuracy")
    func circle() {
        let step = 0.05
        let grid = (0...80).map { -2 + step * Double($0) }
        let values = grid.map { y in grid.map { x in x * x + y * y } }
        for radius in [0.5, 1.0, 1.7] {
            let segments = MarchingSquares.segments(x: grid, y: grid, values: values, level: radius * radius)
            let ends = segments.flatMap { [$0.start, $0.end] }
            // Linear interpolation of a quadratic across a cell of width h errs by at most h²/(8r).
            let tolerance = step * step / (8 * radius) + 1e-12
            #expect(ends.allSatisfy { abs(($0.x * $0.x + $0.y * $0.y).squareRoot() - radius) <= tolerance })
            // The circle is closed: a circumference 2πr crosses about 2πr/h·(4/π) cells; check it
            // goes all the way round, every 30° sector holding points.
            let sectors = Set(ends.map { Int(((atan2($0.y, $0.x) + .pi) / (.pi / 6)).rounded(.down)) % 12 })
            #expect(sectors.count == 12)
            // Every end point is shared by exactly two segments (a closed curve), away from grid corners.
            #expect(segments.count >= Int(2 * Double.pi * radius / step))
        }
    }

    @Test("A saddle cell is split by the mean of its corners")
    func saddle() {
        // Corners (0,0)=1, (1,0)=-1, (1,1)=1, (0,1)=-1: mean 0 ≥ level 0 joins the positive corners,
        // so the lines cut off the negative corners (1,0) and (0,1), each through two edge midpoints.
        let segments = MarchingSquares.segments(x: [0, 1], y: [0, 1], values: [[1, -1], [-1, 1]], level: 0)
        #expect(segments.count == 2)
        let cutOff = segments.map { segment -> (Double, Double) in
            ((segment.start.x + segment.end.x) / 2, (segment.start.y + segment.end.y) / 2)
        }
        #expect(cutOff.contains { abs($0.0 - 0.75) < 1e-12 && abs($0.1 - 0.25) < 1e-12 })
        #expect(cutOff.contains { abs($0.0 - 0.25) < 1e-12 && abs($0.1 - 0.75) < 1e-12 })
    }

    @Test("Cells with a non-finite corner are skipped")
    func nonFinite() {
        let segments = MarchingSquares.segments(x: [0, 1, 2], y: [0, 1], values: [[0, 2, .nan], [0, 2, 4]], level: 1)
        #expect(segments.count == 1)
        #expect(segments[0].start.x == 0.5 && segments[0].end.x == 0.5)
    }

    @Test("Log-spaced levels are a geometric sequence with the given ends")
    func logLevels() {
        let levels = ContourLevels.logSpaced(from: 1, to: 1000, count: 4)
        #expect(zip(levels, [1.0, 10, 100, 1000]).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
        #expect(ContourLevels.logSpaced(from: 0, to: 10, count: 3).isEmpty)
        // Over a field: levels above its minimum, crowding near it (ratios of heights constant).
        let grid = (0...20).map { Double($0) / 10 - 1 }
        let field = grid.map { y in grid.map { x in x * x + y * y - 5 } }
        let fieldLevels = ContourLevels.logSpaced(covering: field, count: 5)
        let heights = fieldLevels.map { $0 + 5 }
        #expect(fieldLevels.count == 5)
        // The heights run geometrically up to the field's range 2 (the corners), which is the sixth term.
        let ratios = zip(heights.dropFirst() + [2], heights).map { $0 / $1 }
        #expect(ratios.allSatisfy { abs($0 - ratios[0]) < 1e-9 * ratios[0] })
    }
}
