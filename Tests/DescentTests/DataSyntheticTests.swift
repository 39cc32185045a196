import Testing
@testable import Descent

@Suite("Synthetic data")
struct DataSyntheticTests {
    @Test("The spiral follows CS231n's radii, groups classes, and reads back exactly from its CSV")
    func spiral() throws {
        let table = try SyntheticData.spiral(samples: 300, classes: 3, seed: 5)
        #expect(table.rowCount == 300 && table.labels == (0..<3).flatMap { Array(repeating: $0, count: 100) })
        for index in [0, 37, 99] {
            let x = table.features[2 * index], y = table.features[2 * index + 1]
            #expect(abs((x * x + y * y).squareRoot() - Double(index) / 99) < 1e-12)
        }
        let dataset = try Dataset(table: CSVReader.parse(text: table.csvText()))
        #expect(dataset.features == table.features)
        #expect(dataset.classIndices.map(Int.init) == table.labels && dataset.classNames == ["0", "1", "2"])
        #expect(try SyntheticData.spiral(samples: 300, classes: 3, seed: 5) == table)
        #expect(try SyntheticData.spiral(samples: 300, classes: 3, seed: 6) != table)
    }

    @Test("Moons, circles and blobs have the stated shapes")
    func shapes() throws {
        let moons = try SyntheticData.moons(samples: 101, noise: 0, seed: 1)
        #expect(moons.labels.filter { $0 == 0 }.count == 51)
        // Noise-free class 0 lies on the unit circle, class 1 on the circle centred at (1, ½).
        #expect(abs(moons.features[0] * moons.features[0] + moons.features[1] * moons.features[1] - 1) < 1e-12)
        let last = moons.rowCount - 1
        let dx = moons.features[2 * last] - 1, dy = moons.features[2 * last + 1] - 0.5
        #expect(abs(dx * dx + dy * dy - 1) < 1e-12)
        let circles = try SyntheticData.circles(samples: 40, classes: 2, factor: 0.5, noise: 0, seed: 1)
        let inner = 30
        #expect(abs((circles.features[2 * inner] * circles.features[2 * inner] + circles.features[2 * inner + 1] * circles.features[2 * inner + 1]).squareRoot() - 0.5) < 1e-12)
        let blobs = try SyntheticData.blobs(samples: 10, classes: 4, seed: 2)
        #expect(blobs.labels == [0, 0, 0, 1, 1, 1, 2, 2, 3, 3])
        #expect(dataError { () throws(DataError) in try SyntheticData.blobs(samples: 10, classes: 1, seed: 2) } != nil)
    }

    @Test("The regression set is inferred as regression and its CSV reads back exactly")
    func regression() throws {
        let table = try SyntheticData.regression(samples: 200, features: 3, seed: 9)
        let dataset = try Dataset(table: CSVReader.parse(text: table.csvText()))
        #expect(dataset.task == .regression && dataset.featureNames == ["x0", "x1", "x2"])
        #expect(dataset.targetValues == table.targets && dataset.features == table.features)
    }
}
