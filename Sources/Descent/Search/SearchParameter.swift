import Foundation
import Linalg

/// How a searched parameter's values are drawn.
public enum SearchDistribution: Sendable, Equatable {
    /// Log-uniform on [low, high], 0 < low < high: x = exp(U(ln low, ln high)), so every decade
    /// gets the same share of trials — the lecture's rule for scale parameters such as the
    /// learning rate and weight decay.
    case logUniform(low: Double, high: Double)
    /// Uniform on [low, high): x = low + U·(high − low), for parameters such as dropout.
    case uniform(low: Double, high: Double)
    /// Uniform over the integers low…high, both included.
    case integer(low: Int, high: Int)
    /// Uniform over a list of values, passed as written (`64,64` becomes `--layers 64,64`).
    case choice([String])

    /// Whether values have an order and a range whose edges mean something (all but `choice`).
    public var isOrdered: Bool {
        if case .choice = self { return false }
        return true
    }

    /// The specification as written after `NAME=`: `log:1e-05:0.1`, `choice:32|64,64`.
    public var specification: String {
        switch self {
        case let .logUniform(low, high): return "log:\(low):\(high)"
        case let .uniform(low, high): return "uniform:\(low):\(high)"
        case let .integer(low, high): return "int:\(low):\(high)"
        case let .choice(values): return "choice:" + values.joined(separator: "|")
        }
    }
}

/// One searched parameter: `lr=log:1e-5:1e-1` searches `descent train --lr` log-uniformly.
public struct SearchParameter: Sendable, Equatable {
    /// The `descent train` flag without its dashes.
    public var name: String
    /// How its values are drawn.
    public var distribution: SearchDistribution

    /// Creates a parameter.
    public init(name: String, distribution: SearchDistribution) {
        self.name = name
        self.distribution = distribution
    }

    /// Parses `NAME=KIND:ARGS`, where KIND is `log:LOW:HIGH` (0 < LOW < HIGH), `uniform:LOW:HIGH`
    /// (LOW < HIGH), `int:LOW:HIGH` (LOW ≤ HIGH) or `choice:A|B|…`; a leading `--` on NAME is
    /// allowed. Throws ``SearchError/malformedParameter(text:reason:)`` naming the text and the fault.
    public init(parsing text: String) throws {
        func fail(_ reason: String) -> SearchError { .malformedParameter(text: text, reason: reason) }
        guard let equals = text.firstIndex(of: "=") else { throw fail("no '=' between the name and its range") }
        var name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("--") { name.removeFirst(2) }
        guard !name.isEmpty, name.first != "-",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw fail("'\(name)' is not a flag name (letters, digits and '-', like weight-decay)") }
        let rest = String(text[text.index(after: equals)...])
        guard let colon = rest.firstIndex(of: ":"), Double(rest[..<colon]) == nil else {
            throw fail("no kind: write \(name)=log:LOW:HIGH, uniform:LOW:HIGH, int:LOW:HIGH or choice:A|B")
        }
        let kind = String(rest[..<colon]), arguments = String(rest[rest.index(after: colon)...])
        self.name = name
        switch kind {
        case "log", "uniform":
            let bounds = arguments.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low.isFinite, high.isFinite else {
                throw fail("\(kind) takes two numbers, like \(name)=\(kind):\(kind == "log" ? "1e-5:1e-1" : "0:0.5")")
            }
            guard low < high else { throw fail("the low bound \(low) must be below the high bound \(high)") }
            if kind == "log" {
                guard low > 0 else { throw fail("log bounds must be positive, got \(low)") }
                distribution = .logUniform(low: low, high: high)
            } else {
                distribution = .uniform(low: low, high: high)
            }
        case "int":
            let bounds = arguments.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else { throw fail("int takes two integers, like \(name)=int:16:256") }
            guard low <= high else { throw fail("the low bound \(low) must not exceed the high bound \(high)") }
            distribution = .integer(low: low, high: high)
        case "choice":
            let values = arguments.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !values.contains(where: \.isEmpty) else { throw fail("choice has an empty value; separate values with '|', like 32|64,64|128") }
            guard Set(values).count == values.count else { throw fail("choice lists a value twice") }
            distribution = .choice(values)
        default:
            throw fail("unknown kind '\(kind)'; use log, uniform, int or choice")
        }
    }

    /// `NAME=SPEC`, which ``init(parsing:)`` reads back to the same parameter.
    public var specification: String { "\(name)=\(distribution.specification)" }

    /// One value drawn from the distribution with `random`: one `uniform()` for log and uniform
    /// ranges, one `uniformInt(below:)` for integers and choices. Log-uniform values are
    /// exp(ln a + U·(ln b − ln a)), clamped to [a, b] against rounding at the ends.
    public func sample(_ random: inout RandomGenerator) -> SearchValue {
        switch distribution {
        case let .logUniform(low, high):
            let value = exp(log(low) + random.uniform() * (log(high) - log(low)))
            return .real(min(max(value, low), high))
        case let .uniform(low, high):
            return .real(min(low + random.uniform() * (high - low), high))
        case let .integer(low, high):
            return .integer(low + random.uniformInt(below: high - low + 1))
        case let .choice(values):
            return .choice(values[random.uniformInt(below: values.count)])
        }
    }

    /// `points` values spread over the range for a grid: evenly in ln x for log ranges (a geometric
    /// sequence from a to b), evenly in x for uniform ones, the distinct rounded values for integers,
    /// and every value of a choice whatever `points` is. Both ends are included exactly; one point
    /// is the middle (√(ab) for a log range).
    public func gridValues(points: Int) -> [SearchValue] {
        let k = max(1, points)
        func spread(_ low: Double, _ high: Double) -> [Double] {
            guard k > 1 else { return [(low + high) / 2] }
            return (0..<k).map { i in i == 0 ? low : i == k - 1 ? high : low + Double(i) / Double(k - 1) * (high - low) }
        }
        switch distribution {
        case let .logUniform(low, high):
            let values = spread(log(low), log(high)).map { exp($0) }
            return values.enumerated().map { i, x in .real(k > 1 && i == 0 ? low : k > 1 && i == k - 1 ? high : x) }
        case let .uniform(low, high):
            return spread(low, high).map { .real($0) }
        case let .integer(low, high):
            var seen: [Int] = []
            for x in spread(Double(low), Double(high)) where !seen.contains(Int(x.rounded())) { seen.append(Int(x.rounded())) }
            return seen.map { .integer($0) }
        case let .choice(values):
            return values.map { .choice($0) }
        }
    }

    /// Where `value` lies in the range, from 0 (low end) to 1 (high end), measured in ln x for a log
    /// range: (ln x − ln a)/(ln b − ln a). Nil for choices and for ranges of one point.
    public func position(of value: SearchValue) -> Double? {
        guard let x = value.number else { return nil }
        switch distribution {
        case let .logUniform(low, high): return x > 0 ? (log(x) - log(low)) / (log(high) - log(low)) : nil
        case let .uniform(low, high): return (x - low) / (high - low)
        case let .integer(low, high): return high > low ? (x - Double(low)) / Double(high - low) : nil
        case .choice: return nil
        }
    }
}
