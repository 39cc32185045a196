import Foundation

/// How data values are spaced along an axis.
public enum ScaleKind: Sendable, Equatable {
    /// Equal differences take equal lengths.
    case linear
    /// Equal ratios take equal lengths (log10); non-positive values are not drawn.
    case logarithmic
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

    /// An axis covering the finite values given (positive ones only, on a log axis), with nice
    /// ticks. `padding` widens the data range by that fraction of its span (of its decades, on a
    /// log axis) on each side before rounding to nice values, so markers do not sit on the frame.
    public init(kind: ScaleKind, covering values: [Double], label: String, padding: Double = 0,
                targetTickCount: Int = 5) {
        self.kind = kind
        self.label = label
        let usable = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        switch kind {
        case .linear:
            var lower = usable.min() ?? 0, upper = usable.max() ?? 1
            let pad = (upper - lower) * padding
            lower -= pad
            upper += pad
            let (domain, step) = NiceTicks.linearLayout(lower: lower, upper: upper, targetCount: targetTickCount)
            self.domain = domain
            ticks = NiceTicks.multiples(of: step, from: domain.lowerBound, to: domain.upperBound)
        case .logarithmic:
            let lower = usable.min() ?? 1, upper = usable.max() ?? 10
            let factor = pow(upper / lower, padding)
            domain = NiceTicks.logDomain(lower: lower / factor, upper: upper * factor)
            ticks = NiceTicks.logarithmic(lower: domain.lowerBound, upper: domain.upperBound)
        }
    }

    /// The tick labels, formatted for this axis.
    public var tickLabels: [String] {
        switch kind {
        case .linear:
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            return ticks.map { TickFormat.linear($0, step: step) }
        case .logarithmic:
            return ticks.map { TickFormat.logarithmic($0) }
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
        let fraction: Double
        switch kind {
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            guard span > 0 else { return nil }
            fraction = (value - domain.lowerBound) / span
        case .logarithmic:
            guard value > 0, domain.lowerBound > 0 else { return nil }
            let span = log10(domain.upperBound) - log10(domain.lowerBound)
            guard span > 0 else { return nil }
            fraction = (log10(value) - log10(domain.lowerBound)) / span
        }
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
        let valid = domain.lowerBound.isFinite && domain.upperBound.isFinite && domain.upperBound > domain.lowerBound
            && (kind == .linear || domain.lowerBound > 0)
        self.domain = valid ? domain : (kind == .linear ? 0...1 : 1...10)
        switch kind {
        case .linear:
            let step = NiceTicks.step(span: self.domain.upperBound - self.domain.lowerBound, targetCount: targetTickCount)
            ticks = NiceTicks.multiples(of: step, from: self.domain.lowerBound, to: self.domain.upperBound)
        case .logarithmic:
            ticks = NiceTicks.logarithmic(lower: self.domain.lowerBound, upper: self.domain.upperBound)
        }
    }
}
