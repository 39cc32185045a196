import Linalg

/// One layer of a sequential network, working on row-major batches (batchSize × features) through
/// pointers, with workspaces preallocated for `maxBatchSize` rows: no call allocates.
///
/// Parameters live in the network's flat vector; a layer reads its slice at its own offsets from
/// the `parameters` base pointer it is given, and writes gradients at the same offsets.
///
/// The four passes (CS231n's forward/backward pair plus Pearlmutter's R-operator, "Fast exact
/// multiplication by the Hessian", Neural Computation 6(1), 1994): for a direction v in parameter
/// space, `rForward` propagates R{y} = d/dε y(θ + εv) at ε = 0, and `rBackward` propagates
/// R{∂L/∂x} and accumulates R{∂L/∂θ} = H·v. Pointers returned stay valid until the next call of
/// the same pass; `nil` from `rForward` means R{y} = 0.
public protocol Layer<Scalar>: AnyObject {
    /// The scalar type (Float or Double).
    associatedtype Scalar: BLASScalar
    /// Features per input row.
    var inputCount: Int { get }
    /// Features per output row.
    var outputCount: Int { get }
    /// The largest batch the workspaces hold.
    var maxBatchSize: Int { get }

    /// Computes the output for `batchSize` rows of `input` (kept, not copied, for the backward
    /// pass). `updatesRunningStatistics` lets BatchNorm update its running mean and variance in
    /// training mode; `random` draws Dropout masks.
    func forward(
        _ input: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>, mode: ForwardMode,
        updatesRunningStatistics: Bool, random: inout RandomGenerator) -> UnsafePointer<Scalar>

    /// Given ∂L/∂y for the last forward batch, accumulates (+=) ∂L/∂θ into `gradient` at this
    /// layer's offsets (skipped when `gradient` is nil) and returns ∂L/∂x (only computed when
    /// `needsInputGradient`; otherwise the returned pointer's contents are unspecified).
    func backward(
        _ gradOutput: UnsafePointer<Scalar>, batchSize: Int, parameters: UnsafePointer<Scalar>,
        gradient: UnsafeMutablePointer<Scalar>?, needsInputGradient: Bool) -> UnsafePointer<Scalar>

    /// R{y} from R{x} (`nil`: zero) and the direction `direction` (a flat vector of the network's layout).
    func rForward(
        _ rInput: UnsafePointer<Scalar>?, batchSize: Int, parameters: UnsafePointer<Scalar>,
        direction: UnsafePointer<Scalar>) -> UnsafePointer<Scalar>?

    /// From ∂L/∂y and R{∂L/∂y}, accumulates R{∂L/∂θ} into `rGradient` at this layer's offsets and
    /// returns R{∂L/∂x} (when `needsInputGradient`). Uses the state of the last `forward` and `rForward`.
    func rBackward(
        _ gradOutput: UnsafePointer<Scalar>, _ rGradOutput: UnsafePointer<Scalar>, batchSize: Int,
        parameters: UnsafePointer<Scalar>, direction: UnsafePointer<Scalar>,
        rGradient: UnsafeMutablePointer<Scalar>, needsInputGradient: Bool) -> UnsafePointer<Scalar>
}
