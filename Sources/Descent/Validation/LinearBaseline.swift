import Linalg

extension Baselines {
    /// L-BFGS epochs of the linear baseline (each `SecondOrderSettings.iterationsPerEpoch` = 20
    /// iterations with line search over all training rows).
    public static let linearEpochs = 20

    /// The linear baseline of `run`: the same prepared rows (training, validation for early
    /// stopping), loss, class weights, regularization and seed, no hidden layer (`linearSpec`),
    /// fitted by full-batch L-BFGS — scikit-learn's `LogisticRegression` default solver — for up
    /// to `linearEpochs` epochs. nil when the run is itself linear, or the fit diverged.
    ///
    /// Why not the run's own optimizer: its objective is convex, so a solver that reaches the
    /// optimum gives the linear model its best chance; the network's minibatch schedule, sized for
    /// the network, can leave it far short (make-data regression, 600 rows, 40 Adam epochs at
    /// 1e-3: R² −0.47 on the test rows; by L-BFGS: 0.997 — the same as 400 Adam epochs), and the
    /// network would then seem to earn a keep it does not.
    public static func fitLinear<Scalar: BLASScalar>(_ run: TrainingRun<Scalar>, classWeights: [Double]?) throws -> TrainingRun<Scalar>? {
        guard !run.spec.hiddenSizes.isEmpty else { return nil }
        var settings = run.settings
        settings.epochs = linearEpochs
        settings.schedule = .constant
        settings.plateau = nil
        let linear = try TrainingRun<Scalar>(data: run.data, spec: linearSpec(of: run.spec),
                                             method: .secondOrder(SecondOrderSettings(method: .lbfgs)), settings: settings, seed: run.seed)
        try linear.network.lossFunction.setClassWeights(classWeights)
        return try linear.run().isFinished ? linear : nil
    }
}
