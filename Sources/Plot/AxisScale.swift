import Foundation

/// How data values are spaced along an axis.
public enum ScaleKind: Sendable, Equatable {
    /// Equal differences take equal lengths.
    case linear
    /// Equal ratios take equal lengths (log10); non-positive values are not drawn.
    case logarithmic
    /// Symmetric log: `sign(v)·log10(1 + |v|/threshold)`, linear within about `threshold` of zero
    /// and logarithmic beyond, so values of both signs spanning decades (a Hessian spectrum) show.
    case symmetricLog(threshold: Double)

    /// The coordinate in which this scale is linear: v, log10 v, or the symmetric log.
    func transform(_ value: Double) -> Double {
        switch self {
        case .linear: value
        case .logarithmic: value > 0 ? log10(value) : .nan
        case .symmetricLog(let t): (value < 0 ? -1 : 1) * log10(1 + abs(value) / t)
        }
    }

    /// The inverse of ``transform(_:)``.
    func inverse(_ coordinate: Double) -> Double {
        switch self {
        case .linear: coordinate
        case .logarithmic: pow(10, coordinate)
        case .symmetricLog(let t): (coordinate < 0 ? -1 : 1) * t * (pow(10, abs(coordinate)) - 1)
        }
    }

    /// Whether `value` can be placed on this scale (finite; positive on a log scale; a symmetric
    /// log needs a positive, finite threshold).
    func accepts(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        switch self {
        case .linear: return true
        case .logarithmic: return value > 0
        case .symmetricLog(let t): return t > 0 && t.isFinite
        }
    }
}

/// An axis in data units: its kind, its (nice) domain and its tick values.
public struct Axis: Sendable, Equatable {
    /// Linear or logarithmic.
    public var kind: ScaleKind
    /// The data range the axis spans, widened to nice values.
    public var domain: ClosedRange<Double>
    /// The tick values, inside `domain`.
    public var ticks: [Double]
    /// The label under (x) or beside (y) the axis.
    public var label: String

    /// An axis covering the finite values given (positive ones only, on a log axis) and `bounds`
    /// when given (accuracy: `0...1`, always shown whole), widened by `padding` of the span (of the
    /// decades, on a log axis) on each side so no point sits on the frame; ticks are nice values
    /// inside the data (or bounds) range, never in the padding.
    public init(kind: ScaleKind, covering values: [Double], label: String, padding: Double = 0.04,
                bounds: ClosedRange<Double>? = nil, targetTickCount: Int = 5) {
        self.kind = kind
        self.label = label
        var usable = values.filter { kind.accepts($0) }.map { kind.transform($0) }
        if let bounds { usable += [bounds.lowerBound, bounds.upperBound].filter { kind.accepts($0) }.map { kind.transform($0) } }
        var low = usable.min() ?? kind.transform(kind == .logarithmic ? 1 : 0)
        var high = usable.max() ?? kind.transform(kind == .logarithmic ? 10 : 1)
        if high - low <= max(abs(high), abs(low)) * 1e-12 {
            let widen = kind == .linear ? (low != 0 ? abs(low) / 10 : 1) : 0.5
            low -= widen
            high += widen
        }
        let pad = (high - low) * max(padding, 0)
        domain = kind.inverse(low - pad)...kind.inverse(high + pad)
        let domain = self.domain
        ticks = Axis.ticks(kind: kind, from: kind.inverse(low), to: kind.inverse(high), targetCount: targetTickCount)
            .filter { domain.contains($0) }
    }

    /// Nice ticks over `[lower, upper]` on a scale of `kind`.
    static func ticks(kind: ScaleKind, from lower: Double, to upper: Double, targetCount: Int) -> [Double] {
        switch kind {
        case .linear:
            let step = NiceTicks.step(span: upper - lower, targetCount: targetCount)
            return NiceTicks.multiples(of: step, from: lower - 1e-9 * step, to: upper + 1e-9 * step)
        case .logarithmic:
            // Powers of ten when at least two fall inside; 2× and 5× values only on a short axis.
            let ticks = NiceTicks.logarithmic(lower: lower * (1 - 1e-9), upper: upper * (1 + 1e-9))
            let powers = ticks.filter(TickFormat.isPowerOfTen)
            if powers.count >= 2 { return powers }
            return ticks.count >= 2 ? ticks : NiceTicks.logarithmic(lower: lower / 3.2, upper: upper * 3.2)
        case .symmetricLog(let t):
            // Zero and ±10ᵏ from the first power of ten above the threshold, every k-th decade.
            let top = max(abs(lower), abs(upper))
            guard top > t, top.isFinite else { return [0] }
            let first = (log10(t) - 1e-9).rounded(.up), last = (log10(top) + 1e-9).rounded(.down)
            let decades = Swift.stride(from: first, through: last, by: 1).map { pow(10, $0) }
            let signed = decades.reversed().map { -$0 } + [0] + decades
            let inside = signed.filter { $0 >= lower - 1e-9 * top && $0 <= upper + 1e-9 * top }
            let every = max(1, Int((Double(inside.count) / Double(max(targetCount + 2, 3))).rounded(.up)))
            return inside.filter { tick in tick == 0 || Int((last - log10(abs(tick))).rounded()) % every == 0 }
        }
    }

    /// The tick labels, formatted for this axis.
    public var tickLabels: [String] {
        switch kind {
        case .linear:
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            return ticks.map { TickFormat.linear($0, step: step) }
        case .logarithmic, .symmetricLog:
            return TickFormat.logarithmicLabels(ticks)
        }
    }
}

/// A map from data values to pixel positions along one direction.
public struct AxisScale: Sendable, Equatable {
    /// Linear or logarithmic.
    public var kind: ScaleKind
    /// The data range mapped.
    public var domain: ClosedRange<Double>
    /// The pixel position of `domain.lowerBound`.
    public var startPixel: Double
    /// The pixel position of `domain.upperBound` (smaller than `startPixel` on a y axis).
    public var endPixel: Double

    /// Creates a scale from a domain to a pixel interval.
    public init(kind: ScaleKind, domain: ClosedRange<Double>, startPixel: Double, endPixel: Double) {
        self.kind = kind
        self.domain = domain
        self.startPixel = startPixel
        self.endPixel = endPixel
    }

    /// The pixel position of `value`, or `nil` when it cannot be drawn (not finite, or not
    /// positive on a log scale). Values outside the domain map outside the pixel interval.
    public func pixel(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        guard kind.accepts(value), kind.accepts(domain.lowerBound), kind.accepts(domain.upperBound) else { return nil }
        let low = kind.transform(domain.lowerBound)
        let span = kind.transform(domain.upperBound) - low
        guard span > 0 else { return nil }
        let fraction = (kind.transform(value) - low) / span
        let position = startPixel + fraction * (endPixel - startPixel)
        return position.isFinite ? position : nil
    }
}

extension Axis {
    /// An axis spanning exactly `domain` (not widened), with nice ticks inside it: for pictures
    /// whose box is given, like a contour grid.
    public init(kind: ScaleKind, domain: ClosedRange<Double>, label: String, targetTickCount: Int = 5) {
        self.kind = kind
        self.label = label
        let valid = domain.upperBound > domain.lowerBound && kind.accepts(domain.lowerBound) && kind.accepts(domain.upperBound)
        self.domain = valid ? domain : (kind == .logarithmic ? 1...10 : 0...1)
        ticks = Axis.ticks(kind: kind, from: self.domain.lowerBound, to: self.domain.upperBound, targetCount: targetTickCount)
    }
}
