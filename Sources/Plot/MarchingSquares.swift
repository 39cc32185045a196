import Foundation

/// A straight piece of a contour line, in data coordinates.
public struct ContourSegment: Sendable, Equatable {
    /// One end.
    public var start: (x: Double, y: Double)
    /// The other end.
    public var end: (x: Double, y: Double)

    /// Creates a segment.
    public init(start: (x: Double, y: Double), end: (x: Double, y: Double)) {
        self.start = start
        self.end = end
    }

    /// Segments are equal when their ends are.
    public static func == (lhs: ContourSegment, rhs: ContourSegment) -> Bool {
        lhs.start == rhs.start && lhs.end == rhs.end
    }
}

/// Contour lines of a sampled field by marching squares (Lorensen & Cline's idea in 2-D).
///
/// The field is `values[j][i] = f(x[i], y[j])`: rows follow y, columns follow x. Each grid cell
/// whose corners straddle the level yields one or two segments whose ends are placed on the cell
/// edges by linear interpolation. A saddle cell (opposite corners on the same side) is resolved by
/// the mean of its corners. Cells with a non-finite corner are skipped.
public enum MarchingSquares {
    /// The contour segments of `values` at `level`.
    public static func segments(x: [Double], y: [Double], values: [[Double]], level: Double) -> [ContourSegment] {
        guard level.isFinite, x.count >= 2, y.count >= 2, values.count >= y.count,
              values.prefix(y.count).allSatisfy({ $0.count >= x.count }) else { return [] }
        var result: [ContourSegment] = []
        for j in 0..<(y.count - 1) {
            for i in 0..<(x.count - 1) {
                // Corners counter-clockwise from bottom-left: (i,j), (i+1,j), (i+1,j+1), (i,j+1).
                let corners = [values[j][i], values[j][i + 1], values[j + 1][i + 1], values[j + 1][i]]
                guard corners.allSatisfy(\.isFinite) else { continue }
                let positions = [(x[i], y[j]), (x[i + 1], y[j]), (x[i + 1], y[j + 1]), (x[i], y[j + 1])]
                result += cellSegments(corners: corners, positions: positions, level: level)
            }
        }
        return result
    }

    /// The segments crossing one cell. Edge `k` joins corner `k` to corner `(k + 1) % 4`.
    static func cellSegments(corners: [Double], positions: [(Double, Double)], level: Double) -> [ContourSegment] {
        let above = corners.map { $0 >= level }
        let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }
        func point(onEdge edge: Int) -> (x: Double, y: Double) {
            let a = corners[edge], b = corners[(edge + 1) % 4]
            let t = a == b ? 0.5 : (level - a) / (b - a)
            let p = positions[edge], q = positions[(edge + 1) % 4]
            return (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
        }
        switch crossed.count {
        case 2:
            return [ContourSegment(start: point(onEdge: crossed[0]), end: point(onEdge: crossed[1]))]
        case 4:
            // Saddle: corners 0 and 2 on one side, 1 and 3 on the other. When the centre lies on
            // the side of corner 0, the region of corner 0 connects through the middle, so the
            // lines cut off corners 1 and 3: edges (0,1) and (1,2) pair, and (2,3) with (3,0).
            let centre = corners.reduce(0, +) / 4
            let centreJoinsCornerZero = (centre >= level) == above[0]
            if centreJoinsCornerZero {
                return [ContourSegment(start: point(onEdge: 0), end: point(onEdge: 1)),
                        ContourSegment(start: point(onEdge: 2), end: point(onEdge: 3))]
            }
            return [ContourSegment(start: point(onEdge: 3), end: point(onEdge: 0)),
                    ContourSegment(start: point(onEdge: 1), end: point(onEdge: 2))]
        default:
            return []
        }
    }
}

/// Choices of contour levels.
public enum ContourLevels {
    /// `count` levels spaced evenly in log10 from `lower` to `upper` (both positive), ends included.
    /// Invalid input (non-positive, non-finite, `count < 1`) gives no levels.
    public static func logSpaced(from lower: Double, to upper: Double, count: Int) -> [Double] {
        guard lower > 0, upper > 0, lower.isFinite, upper.isFinite, count >= 1 else { return [] }
        if count == 1 { return [lower] }
        let a = log10(lower), b = log10(upper)
        return (0..<count).map { pow(10, a + (b - a) * Double($0) / Double(count - 1)) }
    }

    /// Log-spaced levels covering a field, crowding near its minimum as a valley needs: the heights
    /// above the minimum, `f − min f`, run log-evenly from the 1st percentile of the grid's heights
    /// (the lowest level the grid resolves as a closed curve) toward the maximum, which is the
    /// next level after the last one returned. Returns absolute levels
    /// in the field's units, so a minimum at 0 or below is fine.
    public static func logSpaced(covering values: [[Double]], count: Int) -> [Double] {
        let finite = values.joined().filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low else { return [] }
        let heights = finite.map { $0 - low }.filter { $0 > 0 }.sorted()
        let percentile = heights.isEmpty ? high - low : heights[heights.count / 100]
        let lowest = max(percentile, (high - low) * 1e-9)
        guard count >= 1 else { return [] }
        // The maximum itself only touches the grid at a corner, so it is the (count + 1)-th level, not drawn.
        return logSpaced(from: lowest, to: high - low, count: count + 1).dropLast().map { low + $0 }
    }
}
