/// Placeholder replaced by the plotting issue: the SVG writer every plot of Descent uses.
public enum PlotVersion {
    /// The format of the SVG files written.
    public static let format = "SVG 1.1"
}
