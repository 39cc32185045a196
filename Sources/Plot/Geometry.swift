/// A rectangle in pixels (SVG user units), y growing downward.
public struct PlotRect: Sendable, Equatable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double

    /// Creates a rectangle.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Right edge.
    var maxX: Double { x + width }
    /// Bottom edge.
    var maxY: Double { y + height }

    /// Whether the point lies inside (edges included).
    func contains(_ point: (x: Double, y: Double)) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// The rectangle grown by `margin` on every side.
    func insetBy(_ margin: Double) -> PlotRect {
        PlotRect(x: x + margin, y: y + margin, width: width - 2 * margin, height: height - 2 * margin)
    }
}

/// Rough text metrics for layout: no font is loaded, so widths are estimated from the character
/// count (0.6 em per character suits sans-serif digits and lower case).
enum TextMetrics {
    /// The estimated width of `text` at `fontSize`.
    static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }
}

/// Points along a polyline every `spacing` pixels, used to keep legends off the data.
enum PolylineSampling {
    /// The vertices plus points interpolated along each segment; `nil` breaks the line.
    static func sample(_ points: [(x: Double, y: Double)?], spacing: Double = 8) -> [(x: Double, y: Double)] {
        var samples: [(x: Double, y: Double)] = []
        var previous: (x: Double, y: Double)?
        for point in points {
            guard let point else { previous = nil; continue }
            if let previous {
                let length = ((point.x - previous.x) * (point.x - previous.x)
                    + (point.y - previous.y) * (point.y - previous.y)).squareRoot()
                let pieces = length.isFinite ? Int(min(length / spacing, 400)) : 0
                if pieces > 1 {
                    for step in 1..<pieces {
                        let t = Double(step) / Double(pieces)
                        samples.append((previous.x + t * (point.x - previous.x), previous.y + t * (point.y - previous.y)))
                    }
                }
            }
            samples.append(point)
            previous = point
        }
        return samples
    }
}

/// Pixel positions of paired data values; `nil` where a value cannot be drawn on its scale.
func pixelPoints(_ x: [Double], _ y: [Double], _ xScale: AxisScale, _ yScale: AxisScale) -> [(x: Double, y: Double)?] {
    zip(x, y).map { x, y in
        guard let px = xScale.pixel(x), let py = yScale.pixel(y) else { return nil }
        return (px, py)
    }
}
