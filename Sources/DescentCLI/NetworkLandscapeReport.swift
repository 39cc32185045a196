import Descent
import Foundation
import Plot

/// What `descent landscape MODEL DATA` prints and writes: a table or one JSON object, the CSV
/// (a, b, loss, accuracy) and the contour plot.
struct PlaneReport {
    let model: NetworkLandscapeRun.Model
    let data: String
    let rows: Int
    let source: NetworkLandscapeRun.PlaneSource
    let grid: NetworkLandscapeGrid
    let evaluation: LandscapeValue
    let secondDifference: Double?
    let options: NetworkLandscapeOptions
    let seed: UInt64
    let threads: Int

    /// h of the second-difference check: small enough that a ReLU kink is rarely within reach
    /// (the R-operator's Hessian ignores kinks), large enough that Double rounding stays near 1e-7.
    static let secondDifferenceStep = 1e-5

    var recomputed: Bool { options.bnRecompute && model.hasBatchNorm }
    var lowest: (index: Int, value: LandscapeValue) {
        grid.values.enumerated().min { $0.element.loss < $1.element.loss }.map { ($0.offset, $0.element) }!
    }
    var highest: LandscapeValue { grid.values.max { $0.loss < $1.loss }! }

    /// "random directions (layer-normalized, biases 0)", "hessian directions", "the plane through …".
    var directionsText: String {
        switch source.kind {
        case "random": "random directions (\(options.normalization.rawValue)-normalized, \(options.includeBias ? "biases and BatchNorm included" : "biases and BatchNorm 0"), seed \(seed))"
        case "hessian": "the top-2 Hessian eigenvectors (unit length)"
        default: "the plane through \(model.path) (0,0), \(source.models[0]) (1,0) and \(source.models[1]) (0,1)"
        }
    }

    var text: String {
        let n = grid.a.count
        var lines = [
            "loss landscape of \(model.path) on \(data) (\(Plural.count(rows, "row")), \(Plural.count(model.network.layout.count, "parameter"))): \(directionsText)",
            "BatchNorm statistics: " + (model.hasBatchNorm ? (recomputed ? "recomputed on \(data) at every point" : "the model's own at every point") : "none (no BatchNorm)"),
            "at θ*: loss \(Self.format(evaluation.loss))" + (evaluation.accuracy.map { ", accuracy \(Self.format($0))" } ?? "") + " (as descent evaluate)",
            "grid \(n)×\(n), a, b from \(Self.format(grid.a.first!)) to \(Self.format(grid.a.last!)), \(threads) \(threads == 1 ? "thread" : "threads")",
            "lowest loss \(Self.format(lowest.value.loss)) at a = \(Self.format(grid.a[lowest.index % n])), b = \(Self.format(grid.b[lowest.index / n])); highest \(Self.format(highest.loss))",
        ]
        if let pairs = source.eigenpairs, let secondDifference {
            lines.append("λ₁ = \(Self.format(pairs.first.value)), λ₂ = \(Self.format(pairs.second.value)); second difference along d₁ at θ* (h = \(Self.format(Self.secondDifferenceStep))): \(Self.format(secondDifference)) (relative difference \(Self.format(abs(secondDifference - pairs.first.value) / abs(pairs.first.value))))")
        }
        lines.append("")
        lines.append("loss along b = 0:")
        if let zero = grid.b.indices.min(by: { abs(grid.b[$0]) < abs(grid.b[$1]) }) {
            for i in stride(from: 0, to: n, by: max(1, n / 10)) {
                let value = grid.value(i: i, j: zero)
                lines.append("  a = \(Self.format(grid.a[i]).leftPadded(to: 9))  loss \(Self.format(value.loss).leftPadded(to: 12))"
                             + (value.accuracy.map { "  accuracy \(Self.format($0))" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var json: String {
        let classification = evaluation.accuracy != nil
        let rowsOf: (KeyPath<LandscapeValue, Double>) -> String = { path in
            JSONText.array(grid.b.indices.map { j in JSONText.array(grid.a.indices.map { JSONText.number(grid.value(i: $0, j: j)[keyPath: path]) }) })
        }
        let accuracy = classification
            ? JSONText.array(grid.b.indices.map { j in JSONText.array(grid.a.indices.map { grid.value(i: $0, j: j).accuracy.map(JSONText.number) ?? "null" }) })
            : "null"
        let n = grid.a.count
        return JSONText.object([
            ("type", JSONText.quoted("network_landscape")), ("model", JSONText.quoted(model.path)), ("data", JSONText.quoted(data)),
            ("rows", String(rows)), ("parameters", String(model.network.layout.count)), ("directions", JSONText.quoted(source.kind)),
            ("normalization", source.kind == "random" ? JSONText.quoted(options.normalization.rawValue) : "null"),
            ("include_bias", String(source.kind == "random" && options.includeBias)), ("bn_recompute", String(recomputed)),
            ("seed", String(seed)), ("threads", String(threads)),
            ("models", source.models.isEmpty ? "null" : JSONText.array(source.models.map(JSONText.quoted))),
            ("eigenvalues", source.eigenpairs.map { JSONText.array([JSONText.number($0.first.value), JSONText.number($0.second.value)]) } ?? "null"),
            ("second_difference", secondDifference.map(JSONText.number) ?? "null"),
            ("evaluation", JSONText.object([("loss", JSONText.number(evaluation.loss)), ("accuracy", evaluation.accuracy.map(JSONText.number) ?? "null")])),
            ("minimum", JSONText.object([("a", JSONText.number(grid.a[lowest.index % n])), ("b", JSONText.number(grid.b[lowest.index / n])),
                                         ("loss", JSONText.number(lowest.value.loss))])),
            ("a", JSONText.array(grid.a.map(JSONText.number))), ("b", JSONText.array(grid.b.map(JSONText.number))),
            ("loss", rowsOf(\.loss)), ("accuracy", accuracy),
        ])
    }

    var csv: String {
        var text = "a,b,loss,accuracy\n"
        for j in grid.b.indices {
            for i in grid.a.indices {
                let value = grid.value(i: i, j: j)
                text += "\(grid.a[i]),\(grid.b[j]),\(value.loss),\(value.accuracy.map { "\($0)" } ?? "")\n"
            }
        }
        return text
    }

    var svg: String {
        var markers = [PointMarker(x: 0, y: 0, label: "θ* (\(URL(fileURLWithPath: model.path).lastPathComponent))", shape: .star)]
        for (index, path) in source.models.enumerated() {
            markers.append(PointMarker(x: index == 0 ? 1 : 0, y: index == 0 ? 0 : 1, label: URL(fileURLWithPath: path).lastPathComponent))
        }
        let values = grid.lossRows
        let positive = values.allSatisfy { $0.allSatisfy { $0 > 0 } }
        let levels = positive ? ContourLevels.logSpaced(covering: values, count: 20) : Self.linearLevels(values, count: 20)
        let plane: String = switch source.kind {
            case "random": "random plane (\(options.normalization.rawValue))"
            case "hessian": "Hessian plane, λ₁ \(String(format: "%.3g", source.eigenpairs!.first.value))"
            default: "plane of three models"
        }
        let range = "\(String(format: "%.3g", levels.first ?? 0))–\(String(format: "%.3g", levels.last ?? 0))"
        let title = "loss of \(URL(fileURLWithPath: model.path).lastPathComponent): \(plane); contours \(range)\(positive ? " (log)" : "")"
        return ContourPlot(title: title, xLabel: "a (along d₁)", yLabel: "b (along d₂)", x: grid.a, y: grid.b, values: values,
                           levels: levels, markers: markers).svg(width: 720, height: 620)
    }

    /// `count` evenly spaced levels strictly inside the values' range (when some loss is 0 or below).
    static func linearLevels(_ values: [[Double]], count: Int) -> [Double] {
        let flat = values.flatMap { $0 }.filter(\.isFinite)
        guard let low = flat.min(), let high = flat.max(), high > low else { return [] }
        return (1...count).map { low + (high - low) * Double($0) / Double(count + 1) }
    }

    /// Four significant digits.
    static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
