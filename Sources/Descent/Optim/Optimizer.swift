import Linalg

/// An update rule over one flat parameter vector: `step` reads the gradient (same layout as the
/// parameters) and moves the parameters in one fused pass, keeping any state in flat buffers of
/// the same length. The optimizer moves the model; the model does not know the optimizer.
///
/// State buffers are allocated on the first `step` (or by `restoreState`); later steps allocate
/// nothing. Concrete optimizers are values: copying one and stepping the copy copies its state
/// buffers once (copy on write), so two copies never share state.
public protocol Optimizer<Scalar> {
    /// Float or Double: the element type of parameters, gradients and state.
    associatedtype Scalar: BLASScalar

    /// The step size. A learning-rate schedule sets it before a step; PyTorch's `lr`.
    var learningRate: Double { get set }

    /// How many steps have been taken (PyTorch's `state["step"]`).
    var stepCount: Int { get }

    /// Applies one update: `parameters` move along the rule's direction computed from `gradient`.
    /// Both must have the same length, equal to the length of every earlier step.
    mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>)

    /// Begins a step whose update is applied slice by slice with `stepSlice` (optimizer in
    /// backward: a layer's slice is updated as soon as its gradient is computed, while it is in
    /// cache). Counts the step as `step` does and returns true; returns false, changing nothing,
    /// when the rule updates only whole vectors (then call `step`). The slices of one step must
    /// cover every parameter once; the result is bit for bit that of one `step`.
    mutating func beginSlicedStep(parameterCount: Int) -> Bool

    /// Applies the step begun by `beginSlicedStep` to the values in `range` of the flat vectors.
    mutating func stepSlice(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
                            range: Range<Int>)

    /// The step count, the learning rate and every state buffer under PyTorch's state name
    /// ("momentum_buffer", "sum", "square_avg", "grad_avg", "exp_avg", "exp_avg_sq",
    /// "max_exp_avg_sq"). Before the first step the buffer list is empty, as in PyTorch.
    func exportState() -> OptimizerState<Scalar>

    /// Replaces the step count, learning rate and state by `state` (from `exportState`), so that
    /// a resumed run is bit-identical to an uninterrupted one. Throws `OptimizerError` if the
    /// buffers are not those this rule keeps or their lengths differ.
    mutating func restoreState(_ state: OptimizerState<Scalar>) throws

    /// The type of the rule's settings (Descent's rules: `OptimizerConfiguration`).
    associatedtype Settings: OptimizerSettings

    /// The rule's name, e.g. `adam`: reports show it, resume files record it, and a resume refuses
    /// a trainer whose rule has another name. Not limited to Descent's `OptimizerKind`.
    var name: String { get }

    /// Every setting as a typed value (PyTorch's names in its JSON), for reports and checkpoints.
    var settings: Settings { get }
}

extension Optimizer {
    /// Whole-vector rules: no sliced steps.
    public mutating func beginSlicedStep(parameterCount: Int) -> Bool { false }

    /// Whole-vector rules never begin a sliced step, so this is never called.
    public mutating func stepSlice(parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
                                   range: Range<Int>) {
        preconditionFailure("\(name) updates whole vectors: call step(parameters:gradient:)")
    }
}

/// Descent's update rules, named as the CLI, checkpoints and reports spell them. `momentum` and
/// `nesterov` are SGD with momentum (0.9 unless configured otherwise), the second with
/// Nesterov's look-ahead.
public enum OptimizerKind: String, CaseIterable, Sendable, Codable {
    case sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
}

/// An optimizer's resumable state: step count, learning rate and named flat buffers, each the
/// length of the parameter vector, under PyTorch's state names.
public struct OptimizerState<Scalar: BLASScalar>: Sendable {
    /// Steps taken so far.
    public var stepCount: Int
    /// The learning rate in force (a schedule may have changed it).
    public var learningRate: Double
    /// The state buffers in a fixed order, e.g. `[("exp_avg", …), ("exp_avg_sq", …)]`.
    public var buffers: [(name: String, values: [Scalar])]

    /// Creates a state from its parts.
    public init(stepCount: Int, learningRate: Double, buffers: [(name: String, values: [Scalar])]) {
        self.stepCount = stepCount
        self.learningRate = learningRate
        self.buffers = buffers
    }

    /// The values of the buffer called `name`, or nil.
    public func buffer(named name: String) -> [Scalar]? {
        buffers.first { $0.name == name }?.values
    }
}

extension OptimizerState: Equatable {
    /// Equal when step count, learning rate and every buffer (name, order and bits) agree.
    public static func == (lhs: OptimizerState, rhs: OptimizerState) -> Bool {
        lhs.stepCount == rhs.stepCount && lhs.learningRate == rhs.learningRate
            && lhs.buffers.count == rhs.buffers.count
            && zip(lhs.buffers, rhs.buffers).allSatisfy { $0.name == $1.name && $0.values == $1.values }
    }
}

// Speed note: every `step` is `@inlinable` (a caller holding a concrete type specializes it) and
// carries `@_specialize(where Scalar == Float)` and `… == Double`: that puts a type check at the top
// of the generic body that jumps to a specialized copy, so a call through `any Optimizer<Float>`
// (as `OptimizerConfiguration.makeOptimizer` returns) runs a vectorized loop. Without it the
// existential path ran the unspecialized body ≈100× slower (0.1–0.2 GB/s); `exported: true`
// did not add that check (measured).
