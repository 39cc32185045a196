extension Network {
    /// Runs `body` with every tanh layer computing its forward pass by the vectorized Cephes tanh
    /// (`cephesTanh`: within 2 ulp of libm's, about 7× faster), then restores libm's. Hessian-vector
    /// products use it (`NetworkHessian`): the forward pass's tanh was a fifth of a full product.
    /// Training and prediction keep libm's bits, so a v0.1 model predicts and resumes exactly as
    /// v0.1 did.
    @inlinable
    public func withVectorizedTanh<Result>(_ body: () throws -> Result) rethrows -> Result {
        setVectorizedTanh(true)
        defer { setVectorizedTanh(false) }
        return try body()
    }

    @inlinable
    func setVectorizedTanh(_ on: Bool) {
        for case let .activation(layer) in layers { layer.vectorizedTanh = on }
    }
}
