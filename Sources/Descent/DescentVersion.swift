/// Descent's version, written into checkpoints and reports.
public enum DescentVersion {
    /// The semantic version of this build.
    public static let string = "0.2.0"
}
