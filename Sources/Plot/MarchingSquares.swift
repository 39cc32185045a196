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

/// One contour line: points in order, closed (last point joins the first) or open (both ends on
/// the border of the grid, or beside a cell with a non-finite corner).
public struct ContourPath: Sendable {
    /// The points in data coordinates.
    public var points: [(x: Double, y: Double)]
    /// Whether the line closes on itself.
    public var isClosed: Bool
}

/// Contour lines of a sampled field by marching squares (Lorensen & Cline's idea in 2-D).
///
/// The field is `values[j][i] = f(x[i], y[j])`: rows follow y, columns follow x. Each grid cell
/// whose corners straddle the level yields one or two segments whose ends are placed on the cell
/// edges by linear interpolation. A saddle cell (opposite corners on the same side) is resolved by
/// the asymptotic decider (Nielson & Hamann 1991): the value of the bilinear interpolant at its
/// saddle point, `(v₀v₂ − v₁v₃)/(v₀ + v₂ − v₁ − v₃)`, says which diagonal pair of corners the
/// surface joins, so the segments follow the interpolant's topology (the corners' mean can pick
/// the other pairing and cut a thin valley across, leaving a cusp). Cells with a non-finite
/// corner are skipped. ``paths(x:y:values:level:)`` joins the segments into polylines through the
/// grid edges they share, so each line is closed or ends on the border.
public enum MarchingSquares {
    /// The contour segments of `values` at `level`.
    public static func segments(x: [Double], y: [Double], values: [[Double]], level: Double) -> [ContourSegment] {
        crossings(x: x, y: y, values: values, level: level).map { ContourSegment(start: $0.start.point, end: $0.end.point) }
    }

    /// The contour lines of `values` at `level`, joined from the segments.
    public static func paths(x: [Double], y: [Double], values: [[Double]], level: Double) -> [ContourPath] {
        let pieces = crossings(x: x, y: y, values: values, level: level)
        var byEdge: [Int: [Int]] = [:]
        for (index, piece) in pieces.enumerated() {
            byEdge[piece.start.edge, default: []].append(index)
            byEdge[piece.end.edge, default: []].append(index)
        }
        var used = [Bool](repeating: false, count: pieces.count)
        var result: [ContourPath] = []
        func degree(_ edge: Int) -> Int { byEdge[edge]?.count ?? 0 }
        // Open lines first, from an edge only one segment touches; then the loops.
        let openFirsts = byEdge.filter { $0.value.count == 1 }.keys.sorted().compactMap { byEdge[$0]?.first }
        for first in openFirsts + Array(pieces.indices) where !used[first] {
            let piece = pieces[first]
            var from = degree(piece.start.edge) == 1 || degree(piece.end.edge) != 1 ? piece.start : piece.end
            let startEdge = from.edge
            var points = [from.point]
            var current = first
            while true {
                used[current] = true
                let to = pieces[current].start.edge == from.edge ? pieces[current].end : pieces[current].start
                points.append(to.point)
                from = to
                guard let next = byEdge[to.edge]?.first(where: { !used[$0] }) else { break }
                current = next
            }
            result.append(ContourPath(points: points, isClosed: from.edge == startEdge && points.count > 2))
        }
        return result
    }

    /// A point where the level crosses a grid edge, with the edge's key: `2·(j·nx + i)` for the
    /// edge from (i, j) to (i+1, j), `2·(j·nx + i) + 1` for the edge from (i, j) to (i, j+1).
    struct Crossing {
        var edge: Int
        var point: (x: Double, y: Double)
    }

    /// Every cell's segments as pairs of edge crossings.
    static func crossings(x: [Double], y: [Double], values: [[Double]], level: Double) -> [(start: Crossing, end: Crossing)] {
        guard level.isFinite, x.count >= 2, y.count >= 2, values.count >= y.count,
              values.prefix(y.count).allSatisfy({ $0.count >= x.count }) else { return [] }
        let nx = x.count
        // Computed from the edge itself, so both cells sharing it give the same point.
        func crossing(_ key: Int) -> Crossing {
            let cell = key / 2, i = cell % nx, j = cell / nx
            let (i2, j2) = key.isMultiple(of: 2) ? (i + 1, j) : (i, j + 1)
            let a = values[j][i], b = values[j2][i2]
            let t = a == b ? 0.5 : (level - a) / (b - a)
            return Crossing(edge: key, point: (x[i] + t * (x[i2] - x[i]), y[j] + t * (y[j2] - y[j])))
        }
        var result: [(start: Crossing, end: Crossing)] = []
        for j in 0..<(y.count - 1) {
            for i in 0..<(x.count - 1) {
                // Corners counter-clockwise from bottom-left: (i,j), (i+1,j), (i+1,j+1), (i,j+1).
                let corners = [values[j][i], values[j][i + 1], values[j + 1][i + 1], values[j + 1][i]]
                guard corners.allSatisfy(\.isFinite) else { continue }
                // Edge k joins corner k to corner k+1: bottom, right, top, left.
                let keys = [2 * (j * nx + i), 2 * (j * nx + i + 1) + 1, 2 * ((j + 1) * nx + i), 2 * (j * nx + i) + 1]
                for (a, b) in edgePairs(corners: corners, level: level) {
                    result.append((crossing(keys[a]), crossing(keys[b])))
                }
            }
        }
        return result
    }

    /// The pairs of crossed edges (numbered 0–3 from the bottom, counter-clockwise) that one
    /// cell's segments join.
    static func edgePairs(corners: [Double], level: Double) -> [(Int, Int)] {
        let above = corners.map { $0 >= level }
        let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }
        switch crossed.count {
        case 2:
            return [(crossed[0], crossed[1])]
        case 4:
            // Saddle: corners 0 and 2 on one side, 1 and 3 on the other. When the interpolant's
            // saddle value lies on the side of corner 0, corners 0 and 2 connect through the middle,
            // so the lines cut off corners 1 and 3: edges (0,1) and (1,2) pair, and (2,3) with (3,0).
            let (a, b, c, d) = (corners[0], corners[1], corners[2], corners[3])
            let denominator = a + c - b - d
            let saddle = denominator != 0 ? (a * c - b * d) / denominator : (a + b + c + d) / 4
            return (saddle >= level) == above[0] ? [(0, 1), (2, 3)] : [(3, 0), (1, 2)]
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
