import Descent
import Foundation

/// θ₀ for `--directions MODEL2`: the plane through θ*, MODEL2 and the initial weights of MODEL.
extension NetworkLandscapeRun {
    /// The initial weights MODEL was trained from, rebuilt from its stored run configuration (spec,
    /// precision, seed) and a label for the plot. Throws `CheckpointError.incompatible` (exit 65)
    /// naming the file when it has no stored configuration or was started with --init-from.
    static func initialWeights(of model: Model) throws -> (parameters: [Double], label: String) {
        let file = try SafeTensorsFile.read(from: model.path)
        guard let configuration = try RunConfiguration.stored(in: file) else {
            throw CheckpointError.incompatible(path: model.path, reason: "stores no run configuration (written by an older descent), so its initial weights cannot be rebuilt; give the plane's third model yourself: --directions MODEL2,MODEL3")
        }
        guard let parameters = try configuration.initialParameters() else {
            let source = String((configuration.initFrom ?? "").prefix(200))
            throw CheckpointError.incompatible(path: model.path, reason: "was trained with --init-from \(source), so it did not start from its seed's weights; give the plane's third model yourself: --directions MODEL2,MODEL3")
        }
        guard parameters.count == model.network.layout.count else {
            throw CheckpointError.incompatible(path: model.path, reason: "its stored configuration builds \(parameters.count) parameters but the file holds \(model.network.layout.count)")
        }
        return (parameters, "θ₀ (seed \(configuration.seed))")
    }
}
