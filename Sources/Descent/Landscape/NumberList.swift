/// Reads a comma-separated list of exactly `count` numbers, such as `-1.2,1`.
public enum NumberList {
    /// The numbers of `text`; throws `LandscapeError.invalidSetting` naming `flag` unless there are
    /// exactly `count` finite numbers.
    public static func parse(_ text: String, count: Int, flag: String, meaning: String) throws(LandscapeError) -> [Double] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        let numbers = items.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard items.count == count, numbers.count == count, numbers.allSatisfy(\.isFinite) else {
            throw .invalidSetting(setting: flag, value: text, expected: "\(count) finite numbers separated by commas (\(meaning))")
        }
        return numbers
    }
}
