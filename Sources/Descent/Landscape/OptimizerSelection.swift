/// The methods of a landscape run from the names and rates chosen (such as sgd, momentum, adam,
/// lbfgs and newton, at 0.01 except newton at 0.5).
///
/// Every other setting of a first-order rule takes `OptimizerConfiguration.defaults(for:)`
/// (PyTorch's defaults). L-BFGS and Newton take lr 1 (the full step) unless named: a common rate
/// tuned for gradient descent would only shorten their steps.
public enum OptimizerSelection {
    /// One method per name, in order: a first-order rule at its rate by name, else the common
    /// rate, else its default; L-BFGS and Newton at their rate by name, else 1; Newton with
    /// damping `damping`, L-BFGS with 0.
    public static func methods(_ names: [MethodName], rates: LearningRateChoice = LearningRateChoice(), damping: Double = 0) -> [TrainingMethod] {
        names.map { name in
            if name.firstOrderKind != nil { return name.method(learningRate: rates.byName[name] ?? rates.common) }
            return name.method(learningRate: rates.byName[name] ?? 1, damping: name == .newton ? damping : 0)
        }
    }
}
