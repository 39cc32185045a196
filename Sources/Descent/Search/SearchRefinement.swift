import Foundation

extension SearchSpace {
    /// The narrower space of the next coarse-to-fine round, around the values of the best trials.
    ///
    /// For an ordered parameter with current range [a, b], the new range is centred on the best
    /// trial's value c (measured in ln x for a log range) with half-width
    /// h = min((b − a)/4, max(1.25·maxᵢ|xᵢ − c|, (b − a)/10)) over the best values xᵢ: it covers the
    /// best trials with a margin, and each round at least halves the width (at most (b − a)/2).
    /// Real bounds are rounded to 3 significant digits.
    /// Log ranges may grow past `original` (a scale parameter is positive whatever its size, and a
    /// best value at the edge says the optimum may lie beyond it); uniform and integer ranges are
    /// clamped to `original`, whose limits are often hard ones (dropout < 1). A choice keeps the
    /// values that appear among the best trials, in their original order.
    ///
    /// - Parameters:
    ///   - best: the best trials' values (at least one); parameters they do not set are kept.
    ///   - original: the first round's space, bounding the linear ranges.
    public func refined(around best: [[SearchAssignment]], within original: SearchSpace) -> SearchSpace {
        guard !best.isEmpty else { return self }
        func values(_ name: String) -> [SearchValue] {
            best.compactMap { trial in trial.first { $0.name == name }?.value }
        }
        let refined = parameters.map { parameter -> SearchParameter in
            let seen = values(parameter.name)
            let numbers = seen.compactMap(\.number)
            guard !seen.isEmpty else { return parameter }
            let bound = original.parameter(named: parameter.name)?.distribution ?? parameter.distribution
            func around(_ low: Double, _ high: Double, _ xs: [Double]) -> (Double, Double) {
                let c = xs[0], spread = xs.map { abs($0 - c) }.max()!
                let half = min((high - low) / 4, max(1.25 * spread, (high - low) / 10))
                return (c - half, c + half)
            }
            var result = parameter
            switch parameter.distribution {
            case let .logUniform(low, high):
                guard !numbers.isEmpty else { return parameter }
                let (lo, hi) = around(log(low), log(high), numbers.map { log($0) })
                let a = Self.significant(exp(lo)), b = Self.significant(exp(hi))
                result.distribution = .logUniform(low: a, high: b > a ? b : exp(hi))
            case let .uniform(low, high):
                guard !numbers.isEmpty else { return parameter }
                var (lo, hi) = around(low, high, numbers)
                (lo, hi) = (Self.significant(lo), Self.significant(hi))
                if case let .uniform(limitLow, limitHigh) = bound { lo = max(lo, limitLow); hi = min(hi, limitHigh) }
                result.distribution = .uniform(low: lo, high: max(hi, lo.nextUp))
            case let .integer(low, high):
                guard !numbers.isEmpty else { return parameter }
                var (lo, hi) = around(Double(low), Double(high), numbers)
                if case let .integer(limitLow, limitHigh) = bound { lo = max(lo, Double(limitLow)); hi = min(hi, Double(limitHigh)) }
                result.distribution = .integer(low: Int(lo.rounded(.down)), high: max(Int(lo.rounded(.down)), Int(hi.rounded(.up))))
            case let .choice(options):
                let kept = options.filter { seen.contains(.choice($0)) }
                result.distribution = .choice(kept.isEmpty ? options : kept)
            }
            return result
        }
        return (try? SearchSpace(refined)) ?? self
    }

    /// `x` rounded to `digits` significant digits, so refined bounds read well (`lr=log:0.00507:0.0494`).
    static func significant(_ x: Double, _ digits: Int = 3) -> Double {
        Double(String(format: "%.\(digits)g", x)) ?? x
    }
}
