/// Formatting of coordinates and path data so that no `nan` or `inf` ever reaches a file.
public enum SVGNumber {
    /// The largest magnitude a written coordinate may have; points beyond are clamped to it. Keeps a
    /// diverged trajectory (1e300) drawable: the clip rectangle hides it, the file stays small.
    public static let coordinateLimit = 1e5

    /// A finite number with at most two decimals and no trailing zeros (`3`, `2.5`, `-0.25`).
    /// Non-finite input writes `0`; callers are expected to have skipped such values already.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let clamped = min(max(value, -coordinateLimit), coordinateLimit)
        let hundredths = (clamped * 100).rounded()
        if hundredths == 0 { return "0" }
        let negative = hundredths < 0
        let magnitude = Int(abs(hundredths))
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var text = negative ? "-" : ""
        text += String(whole)
        if fraction != 0 {
            text += "."
            text += fraction < 10 ? "0" + String(fraction) : String(fraction)
            if text.hasSuffix("0") { text.removeLast() }
        }
        return text
    }

    /// Path data (`M x y L x y ...`) through the given pixel points; a `nil` or non-finite point
    /// breaks the line, so a series with gaps (NaN, non-positive values on a log axis) draws as
    /// separate pieces. Segments reaching beyond ±``coordinateLimit`` are cut at that box (keeping
    /// their direction), so a diverging path still leaves the plot the way it went.
    public static func polyline(_ points: [(x: Double, y: Double)?]) -> String {
        var data = ""
        var previous: (x: Double, y: Double)?
        var pen: (x: Double, y: Double)?
        func emit(_ command: String, _ point: (x: Double, y: Double)) {
            if !data.isEmpty { data += " " }
            data += command + format(point.x) + " " + format(point.y)
        }
        for point in points {
            guard let point, point.x.isFinite, point.y.isFinite else {
                previous = nil
                pen = nil
                continue
            }
            defer { previous = point }
            guard let start = previous else {
                if insideLimit(point) { emit("M", point); pen = point } else { pen = nil }
                continue
            }
            guard let (from, to) = clipToLimit(start, point) else { pen = nil; continue }
            if pen == nil || pen! != from { emit("M", from) }
            emit("L", to)
            pen = insideLimit(point) ? to : nil
        }
        return data
    }

    static func insideLimit(_ point: (x: Double, y: Double)) -> Bool {
        abs(point.x) <= coordinateLimit && abs(point.y) <= coordinateLimit
    }

    /// The part of the segment inside the square ±``coordinateLimit`` (Liang–Barsky), or `nil`.
    static func clipToLimit(_ start: (x: Double, y: Double), _ end: (x: Double, y: Double))
        -> ((x: Double, y: Double), (x: Double, y: Double))? {
        // Far ends (1e300) are first pulled in along the segment to 1e9, so the clipping below
        // works on moderate numbers and does not lose the inner end to cancellation.
        let a = pulledIn(start, toward: end), b = pulledIn(end, toward: start)
        let dx = b.x - a.x, dy = b.y - a.y
        guard dx.isFinite, dy.isFinite else { return nil }
        var enter = 0.0, leave = 1.0
        let limit = coordinateLimit
        for (p, q) in [(-dx, a.x + limit), (dx, limit - a.x), (-dy, a.y + limit), (dy, limit - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let t = q / p
            if p < 0 { enter = max(enter, t) } else { leave = min(leave, t) }
            if enter > leave { return nil }
        }
        let from = enter == 0 ? a : (a.x + enter * dx, a.y + enter * dy)
        let to = leave == 1 ? b : (a.x + leave * dx, a.y + leave * dy)
        return (from, to)
    }

    /// A far `point` (beyond 1e9) moved along the segment toward a near `other` until it is
    /// within 1e9 of it; any other pair is returned unchanged.
    static func pulledIn(_ point: (x: Double, y: Double), toward other: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let reach = 1e9
        guard max(abs(point.x), abs(point.y)) > reach, max(abs(other.x), abs(other.y)) <= reach else { return point }
        let dx = point.x - other.x, dy = point.y - other.y
        let distance = max(abs(dx), abs(dy))
        guard distance > reach, distance.isFinite else { return point }
        let scale = reach / distance
        return (other.x + dx * scale, other.y + dy * scale)
    }
}
