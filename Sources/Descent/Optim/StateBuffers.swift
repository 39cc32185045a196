import Linalg

/// Returns the start of `buffer`, first allocating it with `count` copies of `fill` if it is nil,
/// or copying it if another optimizer value shares it (copy on write). Only the first step of an
/// optimizer, or the first after a copy, allocates.
@inlinable
func uniqueStateBuffer<Scalar: BLASScalar>(
    _ buffer: inout AlignedBuffer<Scalar>?, count: Int, fill: Scalar = 0
) -> UnsafeMutablePointer<Scalar> {
    if buffer == nil {
        buffer = AlignedBuffer(count: count, repeating: fill)
    } else if !isKnownUniquelyReferenced(&buffer) {
        buffer = buffer!.copy()
    }
    precondition(buffer!.count == count,
                 "optimizer state has \(buffer!.count) values but the parameters have \(count)")
    return buffer!.baseAddress
}

/// Checks that the step's two buffers have the same length and returns it.
@inlinable
func checkedStepLength<Scalar>(
    _ parameters: UnsafeMutableBufferPointer<Scalar>, _ gradient: UnsafeBufferPointer<Scalar>
) -> Int {
    precondition(parameters.count == gradient.count,
                 "optimizer step: \(parameters.count) parameters but \(gradient.count) gradient values")
    return parameters.count
}

/// Validates a state to restore against the buffers a rule keeps and returns them as aligned
/// buffers in the order of `names`. An empty list is accepted only at step 0 (no step yet taken).
func restoredBuffers<Scalar: BLASScalar>(
    _ state: OptimizerState<Scalar>, names: [String], kind: OptimizerKind
) throws(OptimizerError) -> [AlignedBuffer<Scalar>]? {
    guard state.stepCount >= 0 else {
        throw .invalidState(message: "negative step count \(state.stepCount)")
    }
    guard state.learningRate.isFinite, state.learningRate >= 0 else {
        throw .invalidState(message: "learning rate \(state.learningRate) is not a finite non-negative number")
    }
    if state.buffers.isEmpty && (state.stepCount == 0 || names.isEmpty) { return nil }
    for buffer in state.buffers where !names.contains(buffer.name) {
        throw .unexpectedBuffer(name: buffer.name, optimizer: kind)
    }
    var result: [AlignedBuffer<Scalar>] = []
    for name in names {
        guard let values = state.buffer(named: name) else { throw .missingBuffer(name: name, optimizer: kind) }
        if let first = result.first, first.count != values.count {
            throw .bufferLength(name: name, expected: first.count, found: values.count)
        }
        result.append(AlignedBuffer(values))
    }
    return result
}

/// Formats a setting for `Optimizer.settings`: Swift's shortest round-tripping decimal.
func settingText(_ value: Double) -> String { "\(value)" }
