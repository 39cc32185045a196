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

    /// Path data (`M x y L x y ...`) through the given pixel points; a `nil` point breaks the line,
    /// so a series with gaps (NaN, non-positive values on a log axis) draws as separate pieces.
    public static func polyline(_ points: [(x: Double, y: Double)?]) -> String {
        var data = ""
        var penDown = false
        for point in points {
            guard let point, point.x.isFinite, point.y.isFinite else {
                penDown = false
                continue
            }
            if !data.isEmpty { data += " " }
            data += (penDown ? "L" : "M") + format(point.x) + " " + format(point.y)
            penDown = true
        }
        return data
    }
}
