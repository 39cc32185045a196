#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Descent's seeded random generator: xoshiro256** 1.0 (D. Blackman and S. Vigna, "Scrambled linear
/// pseudorandom number generators", ACM TOMS 47(4), 2021; https://prng.di.unimi.it/), with the
/// 256-bit state filled from the 64-bit seed by SplitMix64, as the authors recommend.
///
/// Only integer arithmetic makes the stream, so the same seed gives the same bits on every machine.
/// Randomness in Descent flows from one such generator passed explicitly; nothing reads a global one.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    /// The four 64-bit words of state (settable to resume a saved stream).
    public var state: (UInt64, UInt64, UInt64, UInt64)
    /// A second normal deviate left over from the last Box–Muller pair, returned by the next call.
    private var spareNormal: Double?

    /// A generator whose state is SplitMix64(seed) drawn four times.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
        spareNormal = nil
    }

    /// The complete state as five words: the four state words, then the bit pattern of the spare
    /// normal deviate (0 when there is none; 0 is never a spare's pattern since Box–Muller's r > 0
    /// makes an exact +0.0 deviate practically impossible, and a lost 0 would only redraw it).
    public var snapshot: [UInt64] {
        [state.0, state.1, state.2, state.3, spareNormal?.bitPattern ?? 0]
    }

    /// A generator in the state `snapshot` describes; nil unless it has five words.
    public init?(snapshot: [UInt64]) {
        guard snapshot.count == 5 else { return nil }
        state = (snapshot[0], snapshot[1], snapshot[2], snapshot[3])
        spareNormal = snapshot[4] == 0 ? nil : Double(bitPattern: snapshot[4])
    }

    /// The next 64 random bits: rotl(s₁·5, 7)·9, then the xoshiro256 state transition.
    @inlinable
    public mutating func next() -> UInt64 {
        var (s0, s1, s2, s3) = state
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        state = (s0, s1, s2, s3)
        return result
    }

    @inlinable @inline(__always)
    func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// A uniform Double in [0, 1): the top 53 bits times 2⁻⁵³.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's multiply-shift with rejection,
    /// "Fast random integer generation in an interval", ACM TOMS 2019), written out here so the
    /// stream does not depend on the standard library's version.
    public mutating func uniformInt(below bound: Int) -> Int {
        precondition(bound > 0, "uniformInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A standard normal deviate by the Box–Muller transform: with u₁ ∈ (0, 1], u₂ ∈ [0, 1),
    /// r = √(−2 ln u₁), the pair (r cos 2πu₂, r sin 2πu₂); the second is kept for the next call.
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1 - uniform()
        let u2 = uniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// Fills `buffer` with uniform values in [low, high).
    public mutating func fillUniform<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, low: Scalar = 0, high: Scalar = 1) {
        let width = Double(high - low)
        for index in buffer.indices { buffer[index] = low + Scalar(uniform() * width) }
    }

    /// Fills `buffer` with normal values of the given mean and standard deviation (drawn in Double,
    /// so Float and Double buffers from the same seed hold the same numbers up to rounding).
    public mutating func fillNormal<Scalar: BLASScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, mean: Scalar = 0, standardDeviation: Scalar = 1) {
        let sigma = Double(standardDeviation)
        for index in buffer.indices { buffer[index] = mean + Scalar(normal() * sigma) }
    }

    /// Shuffles `buffer` in place by the Fisher–Yates (Durstenfeld) algorithm: for i = n−1 … 1,
    /// swap element i with a uniform j ∈ 0…i.
    public mutating func shuffle<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
        guard buffer.count > 1 else { return }
        for i in stride(from: buffer.count - 1, to: 0, by: -1) {
            let j = uniformInt(below: i + 1)
            buffer.swapAt(i, j)
        }
    }

    /// Shuffles `array` in place by Fisher–Yates.
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        array.withUnsafeMutableBufferPointer { shuffle($0) }
    }

    /// A uniformly random permutation of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var result = Array(0..<n)
        shuffle(&result)
        return result
    }

    public static func == (lhs: RandomGenerator, rhs: RandomGenerator) -> Bool {
        lhs.state == rhs.state && lhs.spareNormal == rhs.spareNormal
    }

    private enum CodingKeys: String, CodingKey { case state, spareNormal }

    /// Decodes the state written by `encode(to:)`, for checkpoints that resume bit-identically.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorruptedError(forKey: .state, in: container, debugDescription: "xoshiro256** state needs 4 words, found \(words.count)")
        }
        state = (words[0], words[1], words[2], words[3])
        spareNormal = try container.decodeIfPresent(Double.self, forKey: .spareNormal)
    }

    /// Encodes the four state words and any spare normal deviate.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
        try container.encodeIfPresent(spareNormal, forKey: .spareNormal)
    }
}
