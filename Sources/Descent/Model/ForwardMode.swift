/// Whether a forward pass trains or evaluates. In `.training`, BatchNorm normalizes with the batch's
/// own mean and biased variance and Dropout drops units; in `.evaluation`, BatchNorm uses its
/// running statistics and Dropout is the identity (PyTorch's `model.train()` / `model.eval()`).
public enum ForwardMode: Sendable, Equatable {
    /// Batch statistics, dropout active.
    case training
    /// Running statistics, dropout off.
    case evaluation
}
