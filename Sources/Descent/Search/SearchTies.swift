/// The one-standard-error rule over a cross-validated search (Breiman et al. 1984; ESL §7.10): a
/// trial whose mean CV score lies within the best trial's standard error of it is tied with the
/// best, and among the tied the simplest may be chosen.
extension SearchSummary {
    /// The bound of the tie: best mean + best SE (lower is better); nil when the best trial was not
    /// cross-validated.
    public var tieBound: Double? {
        guard let best, let score = best.score, let error = best.scoreStandardError else { return nil }
        return score + (error.isFinite ? error : 0)
    }

    /// Whether `result` is tied with the best: score ≤ best + SE_best (the best itself included).
    public func isTied(_ result: TrialResult) -> Bool {
        guard let bound = tieBound, let score = result.score, result.scoreStandardError != nil else { return false }
        return score <= bound
    }

    /// The tied trials, best first (empty without cross-validation).
    public var tied: [TrialResult] { ranked.filter(isTied) }

    /// The tied trial with the smallest (`preferLarger` false) or largest value of `parameter`,
    /// equal values going to the better rank; nil without cross-validation. Throws when a tied
    /// trial's value of `parameter` is missing or not a number (see ``complexity(of:)``).
    public func oneStandardErrorChoice(parameter: String, preferLarger: Bool) throws -> TrialResult? {
        var chosen: (result: TrialResult, value: Double)?
        for result in tied {
            guard let assigned = result.trial.value(of: parameter), let value = Self.complexity(of: assigned) else {
                throw SearchError.preferParameter(name: parameter)
            }
            if let current = chosen, preferLarger ? value <= current.value : value >= current.value { continue }
            chosen = (result, value)
        }
        return chosen?.result
    }

    /// A value as a number to compare: a real or integer as it is, a choice that is a number as
    /// that number, a list of layer widths (`64,64`) as its total of hidden units; nil otherwise.
    public static func complexity(of value: SearchValue) -> Double? {
        switch value {
        case let .real(x): return x
        case let .integer(n): return Double(n)
        case let .choice(text):
            if let number = Double(text) { return number }
            let widths = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !widths.isEmpty, widths.allSatisfy({ $0 != nil }) else { return nil }
            return Double(widths.reduce(0) { $0 + $1! })
        }
    }
}
