import Foundation
import Linalg
import Testing
@testable import Descent

@Suite("Search: parameter specs, sampling, trial lists, grids, shards")
struct SearchSamplingTests {
    static let space = try! SearchSpace(parsing: ["lr=log:1e-5:1e-1", "weight-decay=log:1e-6:1e-2", "layers=choice:32|64,64|128", "dropout=uniform:0:0.5"])

    @Test("The trial list is a function of the seed: same seed, same list; another seed, another list")
    func deterministic() {
        let a = Self.space.randomTrials(count: 25, seed: 7), b = Self.space.randomTrials(count: 25, seed: 7)
        let c = Self.space.randomTrials(count: 25, seed: 8)
        #expect(a == b)
        #expect(a != c)
        #expect(a.map(\.index) == Array(0..<25))
        // A longer list starts with the shorter one: --trials can grow and reuse finished trials.
        #expect(Array(Self.space.randomTrials(count: 40, seed: 7).prefix(25)) == a)
        // Refine rounds draw other streams.
        #expect(Self.space.randomTrials(count: 25, seed: 7, round: 2).map(\.values) != a.map(\.values))
    }

    @Test("n shards partition the list exactly: pairwise disjoint, union the whole list", arguments: [1, 2, 3, 4, 7, 30])
    func shardsPartition(count: Int) throws {
        let list = Self.space.randomTrials(count: 23, seed: 1)
        let shards = try (0..<count).map { try SearchShard(parsing: "\($0)/\(count)").select(list) }
        let indices = shards.flatMap { $0.map(\.index) }
        #expect(indices.count == list.count)                        // disjoint: nothing counted twice
        #expect(Set(indices) == Set(list.map(\.index)))              // union: nothing missing
        #expect(shards.flatMap { $0 }.sorted { $0.index < $1.index } == list)
        for (i, shard) in shards.enumerated() { #expect(shard.allSatisfy { $0.index % count == i }) }
    }

    @Test("A malformed --shard is an error naming it", arguments: ["4/4", "-1/3", "1", "a/b", "0/0", "1/2/3"])
    func badShard(text: String) {
        #expect(throws: SearchError.malformedShard(text: text)) { try SearchShard(parsing: text) }
    }

    @Test("A grid is the Cartesian product of the per-parameter values, ends included")
    func gridProduct() throws {
        let space = try SearchSpace(parsing: ["lr=log:1e-4:1e-1", "layers=choice:32|64,64", "dropout=uniform:0:0.5", "batch-size=int:16:18"])
        let grid = space.gridTrials(pointsPerParameter: 4)
        let lr = space.parameters[0].gridValues(points: 4), layers = space.parameters[1].gridValues(points: 4)
        let dropout = space.parameters[2].gridValues(points: 4), batch = space.parameters[3].gridValues(points: 4)
        #expect(lr == [.real(1e-4), .real(1e-3), .real(1e-2), .real(1e-1)].enumerated().map { i, v in i == 0 || i == 3 ? v : lr[i] })
        #expect(abs(lr[1].number! / 1e-3 - 1) < 1e-12 && abs(lr[2].number! / 1e-2 - 1) < 1e-12)  // geometric
        #expect(layers == [.choice("32"), .choice("64,64")])
        #expect(batch == [.integer(16), .integer(17), .integer(18)])  // distinct integers only
        #expect(grid.count == 4 * 2 * 4 * 3)
        var expected: Set<[SearchValue]> = []
        for a in lr { for b in layers { for c in dropout { for d in batch { expected.insert([a, b, c, d]) } } } }
        #expect(Set(grid.map { $0.values.map(\.value) }) == expected)
        #expect(grid.map(\.index) == Array(0..<grid.count))
        #expect(space.gridPoints(forTrials: 16) == 2)  // 2 choices × 2³ = 16
        #expect(try SearchSpace(parsing: ["a=log:1:10", "b=log:1:10"]).gridPoints(forTrials: 20) == 4)
    }

    @Test("Log sampling stays in [a, b] and is uniform in the exponent (χ² over 10 bins of ln x)")
    func logUniform() {
        let parameter = SearchParameter(name: "lr", distribution: .logUniform(low: 1e-5, high: 1e-1))
        var random = RandomGenerator(seed: 42)
        let n = 20_000
        var bins = [Int](repeating: 0, count: 10)
        var exponentSum = 0.0
        for _ in 0..<n {
            let x = parameter.sample(&random).number!
            #expect(x >= 1e-5 && x <= 1e-1)
            let u = (log(x) - log(1e-5)) / (log(1e-1) - log(1e-5))
            bins[min(9, Int(u * 10))] += 1
            exponentSum += log10(x)
        }
        // χ² with 9 degrees of freedom stays below 27.88 with probability 0.999 when the draws are uniform
        // in ln x; sampling x uniformly instead puts ~90% of the draws in the top decade (χ² ≈ 70 000).
        let expected = Double(n) / 10
        let chiSquare = bins.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chiSquare < 27.88, "bins \(bins)")
        #expect(abs(exponentSum / Double(n) - -3) < 0.05)  // the mean decade is the middle one, 10⁻³
        // Each decade gets about a quarter of the draws.
        #expect(abs(Double(bins[0] + bins[1] + bins[2] / 2) / Double(n) - 0.25) < 0.02)
    }

    @Test("Uniform, integer and choice sampling stay in range and reach every value")
    func otherKinds() throws {
        var random = RandomGenerator(seed: 3)
        let space = try SearchSpace(parsing: ["dropout=uniform:0.1:0.5", "width=int:2:4", "act=choice:relu|tanh"])
        var widths = Set<SearchValue>(), acts = Set<SearchValue>()
        for _ in 0..<500 {
            let x = space.parameters[0].sample(&random).number!
            #expect(x >= 0.1 && x < 0.5)
            widths.insert(space.parameters[1].sample(&random))
            acts.insert(space.parameters[2].sample(&random))
        }
        #expect(widths == [.integer(2), .integer(3), .integer(4)])
        #expect(acts == [.choice("relu"), .choice("tanh")])
    }

    @Test("A --param reads back from its specification; choices become flags and values")
    func parsing() throws {
        for text in ["lr=log:1e-05:0.1", "dropout=uniform:0.0:0.5", "batch-size=int:16:128", "layers=choice:32|64,64|128"] {
            let parameter = try SearchParameter(parsing: text)
            #expect(try SearchParameter(parsing: parameter.specification) == parameter)
        }
        #expect(try SearchParameter(parsing: "--lr=log:1e-5:1e-1").name == "lr")
        let flags = try SearchParameter(parsing: "batch-norm=choice:true|false")
        #expect(flags.gridValues(points: 2).map { SearchAssignment(name: "batch-norm", value: $0).arguments } == [["--batch-norm"], []])
        #expect(SearchAssignment(name: "layers", value: .choice("64,64")).arguments == ["--layers", "64,64"])
    }

    @Test("A malformed --param is an error that quotes it and says what is wrong", arguments: [
        ("lr", "no '='"), ("lr=1e-5:1e-1", "no kind"), ("lr=log:1e-5", "two numbers"), ("lr=log:0:1", "positive"),
        ("lr=log:1e-1:1e-5", "below"), ("lr=logg:1:2", "unknown kind"), ("=log:1:2", "not a flag name"),
        ("layers=choice:32||64", "empty value"), ("n=int:1.5:3", "two integers"), ("x=uniform:a:b", "two numbers"),
    ])
    func malformed(text: String, reason: String) {
        do {
            _ = try SearchParameter(parsing: text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect("\(error)".contains("search parameter '\(text)'"))
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test("A parameter given twice is an error naming it")
    func duplicate() {
        #expect(throws: SearchError.duplicateParameter(name: "lr")) { try SearchSpace(parsing: ["lr=log:1:2", "--lr=uniform:0:1"]) }
    }
}
