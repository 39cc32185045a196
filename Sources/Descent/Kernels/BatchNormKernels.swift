import DescentKernels
import Linalg

/// BatchNorm's elementwise loops over batch × features (formulas in `BatchNorm`).
extension Kernels {
    /// var[j] = Σ_r (x − μ)².
    @inlinable
    func batchNormVariance<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, mean: UnsafePointer<Scalar>,
                                               into variance: UnsafeMutablePointer<Scalar>, rows: Int, features: Int) {
        if Self.isFloat(Scalar.self) {
            f32.bn_variance(x.float, mean.float, variance.float, rows, features)
        } else {
            f64.bn_variance(x.double, mean.double, variance.double, rows, features)
        }
    }

    /// x̂ = (x − μ)·inv; y = γ·x̂ + β.
    @inlinable
    func batchNormForward<Scalar: BLASScalar>(
        _ x: UnsafePointer<Scalar>, mean: UnsafePointer<Scalar>, inverseDeviation: UnsafePointer<Scalar>,
        gamma: UnsafePointer<Scalar>, beta: UnsafePointer<Scalar>, normalized: UnsafeMutablePointer<Scalar>,
        output: UnsafeMutablePointer<Scalar>, rows: Int, features: Int
    ) {
        if Self.isFloat(Scalar.self) {
            f32.bn_forward(x.float, mean.float, inverseDeviation.float, gamma.float, beta.float, normalized.float,
                           output.float, rows, features)
        } else {
            f64.bn_forward(x.double, mean.double, inverseDeviation.double, gamma.double, beta.double,
                           normalized.double, output.double, rows, features)
        }
    }

    /// dx = γ·inv·(dy − Σdy·scale − x̂·Σ(dy·x̂)·scale) in training, γ·inv·dy in evaluation.
    @inlinable
    func batchNormBackward<Scalar: BLASScalar>(
        _ dy: UnsafePointer<Scalar>, normalized: UnsafePointer<Scalar>, inverseDeviation: UnsafePointer<Scalar>,
        gamma: UnsafePointer<Scalar>, sumDy: UnsafePointer<Scalar>, sumDyXHat: UnsafePointer<Scalar>,
        into dx: UnsafeMutablePointer<Scalar>, rows: Int, features: Int, scale: Scalar, training: Bool
    ) {
        let mode = Int32(training ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.bn_backward(dy.float, normalized.float, inverseDeviation.float, gamma.float, sumDy.float,
                            sumDyXHat.float, dx.float, rows, features, Float(scale), mode)
        } else {
            f64.bn_backward(dy.double, normalized.double, inverseDeviation.double, gamma.double, sumDy.double,
                            sumDyXHat.double, dx.double, rows, features, Double(scale), mode)
        }
    }

    /// R{x̂} = (R{x} − R{μ} − x̂·R{s})·inv in training, R{x}·inv in evaluation (rMean, rS unused then).
    @inlinable
    func batchNormRNormalize<Scalar: BLASScalar>(
        _ rx: UnsafePointer<Scalar>, normalized: UnsafePointer<Scalar>, rMean: UnsafePointer<Scalar>,
        rS: UnsafePointer<Scalar>, inverseDeviation: UnsafePointer<Scalar>, into rxhat: UnsafeMutablePointer<Scalar>,
        rows: Int, features: Int, training: Bool
    ) {
        let mode = Int32(training ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.bn_r_normalize(rx.float, normalized.float, rMean.float, rS.float, inverseDeviation.float, rxhat.float,
                               rows, features, mode)
        } else {
            f64.bn_r_normalize(rx.double, normalized.double, rMean.double, rS.double, inverseDeviation.double,
                               rxhat.double, rows, features, mode)
        }
    }

    /// R{y} = v_γ·x̂ + γ·R{x̂} + v_β.
    @inlinable
    func batchNormRForward<Scalar: BLASScalar>(
        normalized: UnsafePointer<Scalar>, rNormalized: UnsafePointer<Scalar>, gamma: UnsafePointer<Scalar>,
        vGamma: UnsafePointer<Scalar>, vBeta: UnsafePointer<Scalar>, into ry: UnsafeMutablePointer<Scalar>,
        rows: Int, features: Int
    ) {
        if Self.isFloat(Scalar.self) {
            f32.bn_r_forward(normalized.float, rNormalized.float, gamma.float, vGamma.float, vBeta.float, ry.float,
                             rows, features)
        } else {
            f64.bn_r_forward(normalized.double, rNormalized.double, gamma.double, vGamma.double, vBeta.double,
                             ry.double, rows, features)
        }
    }

    /// The column sums and per-feature values `batchNormRBackward` takes.
    @usableFromInline
    struct BatchNormRSums<Scalar: BLASScalar> {
        @usableFromInline var sumDy, sumDyXHat, sumRDy, sumRM: UnsafePointer<Scalar>

        @inlinable
        init(sumDy: UnsafePointer<Scalar>, sumDyXHat: UnsafePointer<Scalar>, sumRDy: UnsafePointer<Scalar>,
             sumRM: UnsafePointer<Scalar>) {
            self.sumDy = sumDy
            self.sumDyXHat = sumDyXHat
            self.sumRDy = sumRDy
            self.sumRM = sumRM
        }
    }

    /// R{dx} of BatchNorm (see `BatchNorm.rBackward`).
    @inlinable
    func batchNormRBackward<Scalar: BLASScalar>(
        dy: UnsafePointer<Scalar>, rdy: UnsafePointer<Scalar>, normalized: UnsafePointer<Scalar>,
        rNormalized: UnsafePointer<Scalar>, inverseDeviation: UnsafePointer<Scalar>, rS: UnsafePointer<Scalar>,
        gamma: UnsafePointer<Scalar>, vGamma: UnsafePointer<Scalar>, sums: BatchNormRSums<Scalar>,
        into rdx: UnsafeMutablePointer<Scalar>, rows: Int, features: Int, scale: Scalar, training: Bool
    ) {
        let mode = Int32(training ? 1 : 0)
        if Self.isFloat(Scalar.self) {
            f32.bn_r_backward(dy.float, rdy.float, normalized.float, rNormalized.float, inverseDeviation.float, rS.float,
                              gamma.float, vGamma.float, sums.sumDy.float, sums.sumDyXHat.float, sums.sumRDy.float,
                              sums.sumRM.float, rdx.float, rows, features, Float(scale), mode)
        } else {
            f64.bn_r_backward(dy.double, rdy.double, normalized.double, rNormalized.double, inverseDeviation.double,
                              rS.double, gamma.double, vGamma.double, sums.sumDy.double, sums.sumDyXHat.double,
                              sums.sumRDy.double, sums.sumRM.double, rdx.double, rows, features, Double(scale), mode)
        }
    }
}
