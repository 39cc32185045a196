/// What produced a search record besides its train arguments: the data file's content hash (so a
/// renamed or edited file is told apart) and the Descent version. A record is reused by a rerun,
/// or merged with others, only when these match.
public struct TrialProvenance: Sendable, Hashable {
    /// SHA-256 of the data file's bytes, 64 hexadecimal digits.
    public var dataSHA256: String
    /// The data file's name as given (for messages; not part of the identity).
    public var dataFile: String
    /// `DescentVersion.string` of the run.
    public var descentVersion: String

    /// Creates a provenance.
    public init(dataSHA256: String, dataFile: String, descentVersion: String = DescentVersion.string) {
        self.dataSHA256 = dataSHA256
        self.dataFile = dataFile
        self.descentVersion = descentVersion
    }

    /// Equal when hash and version are; the file name is left out.
    public static func == (a: Self, b: Self) -> Bool { a.dataSHA256 == b.dataSHA256 && a.descentVersion == b.descentVersion }

    /// Hashes hash and version.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(dataSHA256)
        hasher.combine(descentVersion)
    }

    /// "wine.csv (sha256 1a2b3c4d5e6f…, descent 0.1.0)".
    public var summary: String { "\(dataFile.isEmpty ? "a data file" : dataFile) (sha256 \(dataSHA256.prefix(12))…, descent \(descentVersion))" }

    /// How `other` differs from this one, in words ("the data file's content (sha256 …)", "the Descent version (0.1.0 vs 0.2.0)"); empty when equal.
    public func differences(from other: TrialProvenance?) -> [String] {
        guard let other else { return ["no data hash or version (written by an older Descent)"] }
        var result: [String] = []
        if other.dataSHA256 != dataSHA256 {
            result.append("the data: \(other.summary) instead of \(summary)")
        }
        if other.descentVersion != descentVersion {
            result.append("the Descent version: \(other.descentVersion) instead of \(descentVersion)")
        }
        return result
    }
}
