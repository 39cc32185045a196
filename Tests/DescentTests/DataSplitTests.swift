import Linalg
import Testing
@testable import Descent

@Suite("Splits, standardization and minibatches")
struct DataSplitTests {
    func iris() throws -> Dataset { try Dataset(table: CSVReader.parse(text: sortedThreeClassCSV())) }

    @Test("A stratified split of a class-sorted file takes 20% of each class, disjoint and covering")
    func stratified() throws {
        let dataset = try iris()
        var random = RandomGenerator(seed: 7)
        let split = try DatasetSplitter(validationFraction: 0.2, testFraction: 0.1).split(dataset, random: &random)
        for label in 0..<3 {
            #expect(split.validation.filter { dataset.classIndices[$0] == label }.count == 10)
            #expect(split.test.filter { dataset.classIndices[$0] == label }.count == 5)
            #expect(split.training.filter { dataset.classIndices[$0] == label }.count == 35)
        }
        #expect((split.training + split.validation + split.test).sorted() == Array(0..<150))
        var same = RandomGenerator(seed: 7), other = RandomGenerator(seed: 8)
        #expect(try DatasetSplitter(validationFraction: 0.2, testFraction: 0.1).split(dataset, random: &same) == split)
        #expect(try DatasetSplitter(validationFraction: 0.2, testFraction: 0.1).split(dataset, random: &other) != split)
    }

    @Test("Too few rows in a class for the split is an error naming the class; bad fractions too")
    func tooFewRows() throws {
        let dataset = try Dataset(table: CSVReader.parse(text: "x,t\n1,a\n2,a\n3,a\n4,b\n"))
        var random = RandomGenerator(seed: 1)
        #expect(dataError { () throws(DataError) in try DatasetSplitter().split(dataset, random: &random) }
                == .tooFewRowsForSplit(className: "b", rows: 1, needed: 2))
        #expect(dataError { () throws(DataError) in try DatasetSplitter(validationFraction: 1.2).split(dataset, random: &random) }
                == .invalidSplitFraction(part: .validation, value: 1.2))
    }

    @Test("The standardizer is fitted on training rows only; a constant column is centred and reported")
    func standardizer() throws {
        // Three features: a varying one, a constant one (over the training rows), and an offset one.
        let features: [Double] = [1, 5, 10, 3, 5, 20, 8, 5, 30, 100, 9, 1000]
        let training = [0, 1, 2]
        let fitted = Standardizer(mode: .standardize, fittingRows: training, of: features, featureCount: 3)
        // By hand over rows 0–2: means 4, 5, 20; population deviations √(26/3) (deviations −3, −1, 4), 0, √(200/3).
        #expect(abs(fitted.means[0] - 4) < 1e-12 && fitted.means[1] == 5 && abs(fitted.means[2] - 20) < 1e-12)
        #expect(abs(fitted.scales[0] - (26.0 / 3).squareRoot()) < 1e-12 && fitted.scales[1] == 1)
        #expect(abs(fitted.scales[2] - (200.0 / 3).squareRoot()) < 1e-12)
        #expect(fitted.constantFeatures == [1])
        var transformed = features
        fitted.apply(to: &transformed)
        #expect(abs(transformed[9] - (100 - 4) / (26.0 / 3).squareRoot()) < 1e-12)
        #expect(transformed[10] == 4 && transformed[1] == 0)
        let centred = Standardizer(mode: .center, fittingRows: training, of: features, featureCount: 3)
        #expect(centred.scales == [1, 1, 1] && centred.means == fitted.means)
        let none = Standardizer(mode: .none, fittingRows: training, of: features, featureCount: 3)
        var untouched = features
        none.apply(to: &untouched)
        #expect(untouched == features)
    }

    @Test("Minibatches visit each training row exactly once per epoch, reproducibly from the generator")
    func minibatchCoverage() throws {
        let dataset = try iris()
        let rows = Array(stride(from: 0, to: 150, by: 2))
        var source = try MinibatchSource<Float>(dataset: dataset, rows: rows, batchSize: 16)
        #expect(source.batchCount == 5 && source.size(ofBatch: 4) == 11)
        var random = RandomGenerator(seed: 3)
        var firstEpoch: [Int] = []
        for epoch in 0..<2 {
            source.startEpoch(random: &random)
            var seen: [Int] = []
            for batch in 0..<source.batchCount {
                let count = source.gatherBatch(batch)
                for position in 0..<count {
                    // f0 is the file row, so each gathered row names itself; f1 = 2·f0 checks the layout.
                    let row = Int(source.batchFeatures[position * 2])
                    #expect(source.batchFeatures[position * 2 + 1] == Float(2 * row))
                    #expect(source.batchClassIndices[position] == dataset.classIndices[row])
                    seen.append(row)
                }
            }
            #expect(seen.sorted() == rows)
            if epoch == 0 { firstEpoch = seen } else { #expect(seen != firstEpoch) }
        }
        // Restoring the generator's state reproduces an epoch's order.
        var replay = RandomGenerator(seed: 3)
        var again = try MinibatchSource<Float>(dataset: dataset, rows: rows, batchSize: 16)
        again.startEpoch(random: &replay)
        #expect(again.order.map { rows[$0] } == firstEpoch)
    }

    @Test("Regression minibatches carry target values in the scalar type")
    func regressionTargets() throws {
        let dataset = try Dataset(table: CSVReader.parse(text: "x,y\n1,0.5\n2,1.5\n3,2.25\n"))
        var source = try MinibatchSource<Double>(dataset: dataset, batchSize: 8)
        var random = RandomGenerator(seed: 1)
        source.startEpoch(random: &random)
        #expect(source.gatherBatch(0) == 3)
        for position in 0..<3 {
            let x = source.batchFeatures[position]
            #expect(source.batchTargets[position] == [1: 0.5, 2: 1.5, 3: 2.25][x])
        }
    }
}
