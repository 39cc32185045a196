import Foundation
import Linalg

/// Round-trips a generator through Foundation's JSON coders (the checkpoint path).
enum JSONEncoderLite {
    static func encode(_ random: RandomGenerator) throws -> Data { try JSONEncoder().encode(random) }
    static func decode(_ data: Data) throws -> RandomGenerator { try JSONDecoder().decode(RandomGenerator.self, from: data) }
}
