import Descent
import Foundation
import Plot

/// What `descent landscape DATA --line A B` prints and writes: a table or one JSON object, the CSV
/// (t, train and validation loss and accuracy) and the line chart.
struct LineReport {
    let a: NetworkLandscapeRun.Model
    let b: NetworkLandscapeRun.Model
    let data: String
    let validation: String?
    let trainRows: Int
    let validationRows: Int?
    let points: [InterpolationPoint]
    let recomputed: Bool
    let threads: Int

    var text: String {
        let classification = points.first?.train.accuracy != nil
        var lines = [
            "(1 − t)·θ_A + t·θ_B with A = \(a.path), B = \(b.path): loss on \(data) (\(Plural.count(trainRows, "row")))"
                + (validation.map { " and \($0) (\(Plural.count(validationRows ?? 0, "row")))" } ?? ""),
            "BatchNorm statistics: " + (a.hasBatchNorm ? (recomputed ? "recomputed on \(data) at every t" : "interpolated like the weights") : "none (no BatchNorm)"),
            "",
            "t".leftPadded(to: 8) + "train loss".leftPadded(to: 13) + (classification ? "train acc".leftPadded(to: 11) : "")
                + (validation == nil ? "" : "val loss".leftPadded(to: 13) + (classification ? "val acc".leftPadded(to: 11) : "")),
        ]
        for point in points {
            var line = PlaneReport.format(point.t).leftPadded(to: 8) + PlaneReport.format(point.train.loss).leftPadded(to: 13)
            if let accuracy = point.train.accuracy { line += PlaneReport.format(accuracy).leftPadded(to: 11) }
            if let value = point.validation {
                line += PlaneReport.format(value.loss).leftPadded(to: 13)
                if let accuracy = value.accuracy { line += PlaneReport.format(accuracy).leftPadded(to: 11) }
            }
            lines.append(line)
        }
        if let peak = points.filter({ $0.t > 0 && $0.t < 1 }).max(by: { $0.train.loss < $1.train.loss }),
           let ends = points.first(where: { $0.t == 0 }).flatMap({ start in points.first(where: { $0.t == 1 }).map { (start, $0) } }) {
            let barrier = peak.train.loss - max(ends.0.train.loss, ends.1.train.loss)
            lines.append("")
            lines.append("highest training loss between the models: \(PlaneReport.format(peak.train.loss)) at t = \(PlaneReport.format(peak.t)); "
                         + (barrier > 0 ? "a barrier of \(PlaneReport.format(barrier)) above the higher end" : "no barrier: the line stays below the higher end"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var json: String {
        func value(_ v: LandscapeValue?) -> String {
            guard let v else { return "null" }
            return JSONText.object([("loss", JSONText.number(v.loss)), ("accuracy", v.accuracy.map(JSONText.number) ?? "null")])
        }
        return JSONText.object([
            ("type", JSONText.quoted("network_interpolation")), ("model_a", JSONText.quoted(a.path)), ("model_b", JSONText.quoted(b.path)),
            ("data", JSONText.quoted(data)), ("validation", validation.map(JSONText.quoted) ?? "null"), ("train_rows", String(trainRows)),
            ("validation_rows", validationRows.map(String.init) ?? "null"), ("bn_recompute", String(recomputed)), ("threads", String(threads)),
            ("points", JSONText.array(points.map { JSONText.object([("t", JSONText.number($0.t)), ("train", value($0.train)),
                                                                    ("validation", value($0.validation))]) })),
        ])
    }

    var csv: String {
        var text = "t,train_loss,train_accuracy,validation_loss,validation_accuracy\n"
        func cell(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        for point in points {
            text += "\(point.t),\(point.train.loss),\(cell(point.train.accuracy)),\(cell(point.validation?.loss)),\(cell(point.validation?.accuracy))\n"
        }
        return text
    }

    var svg: String {
        var series = [LineSeries(name: "training loss (\(URL(fileURLWithPath: data).lastPathComponent))", x: points.map(\.t), y: points.map(\.train.loss))]
        if let validation {
            series.append(LineSeries(name: "validation loss (\(URL(fileURLWithPath: validation).lastPathComponent))", x: points.map(\.t),
                                     y: points.map { $0.validation?.loss ?? .nan }))
        }
        let all = series.flatMap(\.y).filter { $0.isFinite && $0 > 0 }
        let decades = (all.max() ?? 1) / max(all.min() ?? 1, 1e-300) > 10
        let name = { (path: String) in URL(fileURLWithPath: path).lastPathComponent }
        return LineChart(title: "loss on the line from \(name(a.path)) (t = 0) to \(name(b.path)) (t = 1)", xLabel: "t", yLabel: "loss",
                         yScale: decades ? .logarithmic : .linear, series: series,
                         referenceLines: [ReferenceLine(value: 0, label: "A", vertical: true), ReferenceLine(value: 1, label: "B", vertical: true)])
            .svg(width: 720, height: 460)
    }
}
