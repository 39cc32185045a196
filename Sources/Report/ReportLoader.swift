import Descent
import Foundation

/// Reads the files of a run directory (or the files named) into ``ReportInputs``, telling each
/// file's kind from its extension and content: `.safetensors` a model (its `.resume.safetensors`
/// is skipped), `.csv` a history, a race's runs or a spectrum by its header, `.json` a hessian,
/// compare or evaluate summary by its keys, `.jsonl` search results, `.json` or `.jsonl` the lines
/// of `train --folds K --json` (a cross-validation) or the object of `compare --folds K --json`, `.svg` a picture. Files of no
/// known kind are listed as skipped, never silently dropped. Directories are read one level deep,
/// in name order, so the page is the same for the same files.
public enum ReportLoader {
    /// The inputs read from `paths`; `exclude` names files never to read (the report's own output).
    public static func load(_ paths: [String], exclude: Set<String> = []) throws(ReportError) -> ReportInputs {
        var inputs = ReportInputs()
        for file in try expand(paths) where !exclude.contains(standardized(file)) {
            try read(file, into: &inputs)
        }
        if inputs.isEmpty { throw .nothingToShow(paths: paths) }
        return inputs
    }

    /// The absolute, standardized form of a path, for comparing outputs with inputs.
    public static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func expand(_ paths: [String]) throws(ReportError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                throw .unreadable(path: path, reason: "\(error.localizedDescription)")
            }
            files += names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
                .filter { var dir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &dir) && !dir.boolValue }
        }
        return files
    }

    static func text(_ path: String) throws(ReportError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path, reason: "cannot open the file") }
        return String(decoding: data, as: UTF8.self)
    }

    static func read(_ path: String, into inputs: inout ReportInputs) throws(ReportError) {
        let name = (path as NSString).lastPathComponent
        switch (name as NSString).pathExtension.lowercased() {
        case "safetensors":
            if name.hasSuffix(".resume.safetensors") { inputs.skipped.append(ReportFact(name, "resume state (the model file beside it is read)")); return }
            let file: SafeTensorsFile
            do { file = try SafeTensorsFile.read(from: path) } catch { throw .unreadable(path: path, reason: "\(error)") }
            inputs.model = ModelSummary(path: path, file: file)
            inputs.sources.append(ReportFact("model", path))
        case "csv": try readCSV(path, name: name, into: &inputs)
        case "json", "jsonl":
            if let comparison = CrossValidatedComparison.parse(try text(path)) {
                inputs.comparison = comparison
                inputs.sources.append(ReportFact("cross-validated comparison", path))
                return
            }
            if let record = CrossValidationRecord.parse(try text(path)) {
                inputs.crossValidation = record
                inputs.sources.append(ReportFact("cross-validation", path))
                return
            }
            if name.lowercased().hasSuffix(".json") { return try readJSON(path, name: name, into: &inputs) }
            if let kind = firstLineType(try text(path)), kind != "trial" {
                inputs.skipped.append(ReportFact(name, "JSON lines of type '\(kind.prefix(40))', not search results or a cross-validation"))
                return
            }
            do { inputs.trials += try TrialResult.records(inText: try text(path), file: path) } catch let error as ReportError { throw error } catch {
                throw .malformed(path: path, line: 1, reason: "\(error)")
            }
            inputs.sources.append(ReportFact("search results", path))
        case "svg":
            inputs.pictures.append(ReportPicture(path: path, svg: try text(path)))
            inputs.sources.append(ReportFact("picture", path))
        default:
            inputs.skipped.append(ReportFact(name, "not a kind of file a report shows"))
        }
    }

    /// The `type` of the first non-blank line of JSON lines, nil when it has none (or is not JSON).
    static func firstLineType(_ text: String) -> String? {
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        return (try? JSONDecoder().decode(CrossValidationRecord.Kind.self, from: Data(line.utf8)))?.type
    }

    static func readCSV(_ path: String, name: String, into inputs: inout ReportInputs) throws(ReportError) {
        let content = try text(path)
        let header = content.prefix { $0 != "\n" }
        if header.hasPrefix("optimizer,seed,") {
            inputs.raceRuns += try ReportCSV.raceRuns(content, path: path)
            inputs.sources.append(ReportFact("race runs", path))
        } else if header.hasPrefix("epoch,") {
            inputs.history = try ReportCSV.history(content, path: path)
            inputs.sources.append(ReportFact("history", path))
        } else if header.contains("eigenvalue") {
            inputs.eigenvalues = try ReportCSV.eigenvalues(content, path: path)
            inputs.sources.append(ReportFact("spectrum", path))
        } else {
            inputs.skipped.append(ReportFact(name, "a CSV file that is not a history, race or spectrum (header '\(header.prefix(40))')"))
        }
    }

    static func readJSON(_ path: String, name: String, into inputs: inout ReportInputs) throws(ReportError) {
        let data = Data(try text(path).utf8)
        let keys = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if keys["optimizers"] != nil, let race = ReportJSON.decode(RaceSummary.self, from: data) {
            inputs.race = race
            inputs.sources.append(ReportFact("race summary", path))
        } else if keys["lambda_max"] != nil, let hessian = ReportJSON.decode(HessianSummary.self, from: data) {
            inputs.hessian = hessian
            inputs.sources.append(ReportFact("Hessian summary", path))
        } else if keys["confusion_matrix"] != nil, let evaluation = EvaluationSummary.decode(data) {
            inputs.evaluation = ("descent evaluate --json (\(name)), \(evaluation.rows.map(String.init) ?? "?") rows", evaluation)
            inputs.sources.append(ReportFact("evaluation", path))
        } else {
            inputs.skipped.append(ReportFact(name, "a JSON file that is not a hessian, compare or evaluate summary"))
        }
    }
}
