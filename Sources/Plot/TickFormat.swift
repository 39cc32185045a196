import Foundation

/// Short, readable labels for tick values.
public enum TickFormat {
    /// A label for a linear tick given the axis' step: as many decimals as the step needs
    /// (`0.25` with step 0.05 → "0.25", `3` with step 1 → "3"), scientific notation for very large
    /// or very small magnitudes ("2e+06", "5e-06"), and never "-0".
    public static func linear(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return "" }
        if abs(value) < step * 1e-6 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || (step < 1e-4 && magnitude > 0) {
            return scientific(value, step: step)
        }
        let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        return String(format: "%.\(min(decimals, 10))f", value)
    }

    /// A label for a log-axis tick: plain decimals from 0.001 to 10⁴, else `10ⁿ` with superscript
    /// digits for powers of ten and `2×10ⁿ` for the others.
    public static func logarithmic(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "" }
        let exponent = Int((log10(value) + 1e-9).rounded(.down))
        if value >= 1e-3 && value < 1e4 + 1 {
            let decimals = max(0, -exponent)
            return String(format: "%.\(decimals)f", value)
        }
        let power = "10" + superscript(exponent)
        if isPowerOfTen(value) { return power }
        let mantissa = (value / pow(10, Double(exponent))).rounded()
        return String(Int(mantissa)) + "×" + power
    }

    /// Labels for the ticks of a log (or symmetric-log) axis in one format for the whole axis:
    /// plain decimals when every tick lies in [0.001, 10⁴] (in magnitude), else `10ⁿ` (`2×10ⁿ`,
    /// `−10ⁿ`) for every tick — never `10⁻⁴` beside `0.001`.
    public static func logarithmicLabels(_ ticks: [Double]) -> [String] {
        let magnitudes = ticks.filter { $0 != 0 }.map { abs($0) }
        let plain = magnitudes.allSatisfy { $0 >= 1e-3 * (1 - 1e-9) && $0 < 1e4 + 1 }
        return ticks.map { tick in
            guard tick.isFinite else { return "" }
            if tick == 0 { return "0" }
            let sign = tick < 0 ? "−" : ""
            let magnitude = abs(tick)
            let exponent = Int((log10(magnitude) + 1e-9).rounded(.down))
            if plain { return sign + String(format: "%.\(max(0, -exponent))f", magnitude) }
            let power = "10" + superscript(exponent)
            if isPowerOfTen(magnitude) { return sign + power }
            return sign + String(Int((magnitude / pow(10, Double(exponent))).rounded())) + "×" + power
        }
    }

    /// Whether the value is an integer power of ten, within rounding.
    static func isPowerOfTen(_ value: Double) -> Bool {
        let exponent = log10(value)
        return abs(exponent - exponent.rounded()) < 1e-9
    }

    /// The integer written with Unicode superscript digits and minus sign.
    static func superscript(_ integer: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(integer)).map { digits[Int(String($0))!] }
        return (integer < 0 ? "⁻" : "") + String(body)
    }

    /// `m e±k` with as many mantissa decimals as the step needs relative to the value.
    static func scientific(_ value: Double, step: Double) -> String {
        let exponent = log10(abs(value)).rounded(.down)
        let relative = step / pow(10, exponent)
        let decimals = max(0, min(6, Int((-log10(relative) - 1e-9).rounded(.up))))
        return String(format: "%.\(decimals)e", value)
    }
}
