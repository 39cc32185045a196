/// Numbers and polynomials written for formulas in titles and reports.
enum TermFormat {
    /// `value` in its shortest form: 100 not 100.0, 0.1 as 0.1.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// c₁·t₁ + c₂·t₂ + … with zero terms dropped, unit coefficients left implicit and signs folded:
    /// [(0.1, "x²"), (−2, "y²")] → "0.1x² − 2y²"; all zero → "0".
    static func polynomial(_ terms: [(coefficient: Double, term: String)]) -> String {
        var text = ""
        for (coefficient, term) in terms where coefficient != 0 {
            let magnitude = abs(coefficient)
            let body = (magnitude == 1 ? "" : number(magnitude)) + term
            if text.isEmpty {
                text = (coefficient < 0 ? "−" : "") + body
            } else {
                text += (coefficient < 0 ? " − " : " + ") + body
            }
        }
        return text.isEmpty ? "0" : text
    }
}
