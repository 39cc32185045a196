import Foundation
import Testing
@testable import Descent

@Suite("Dataset encoding")
struct DataDatasetTests {
    @Test("Text features become sorted one-hot columns; a text target becomes sorted classes")
    func oneHotAndClasses() throws {
        let table = try CSVReader.parse(text: "size,color,kind\n1.5,red,b\n2,blue,a\n-3,red,c\n")
        let dataset = try Dataset(table: table)
        #expect(dataset.task == .classification)
        #expect(dataset.classNames == ["a", "b", "c"])
        #expect(dataset.featureNames == ["size", "color=blue", "color=red"])
        #expect(dataset.features == [1.5, 0, 1, 2, 1, 0, -3, 0, 1])
        #expect(dataset.classIndices == [1, 0, 2])
        #expect(dataset.sourceLines == [2, 3, 4])
    }

    @Test("Task inference: few integers → classes sorted by value; fractions → regression; overrides")
    func taskInference() throws {
        let integers = try CSVReader.parse(text: "x,y\n1,10\n2,2\n3,10\n4,2\n")
        let classes = try Dataset(table: integers)
        #expect(classes.task == .classification && classes.classNames == ["2", "10"] && classes.classIndices == [1, 0, 1, 0])
        let forced = try Dataset(table: integers, options: DatasetOptions(task: .regression))
        #expect(forced.task == .regression && forced.targetValues == [10, 2, 10, 2])
        let fractions = try Dataset(table: CSVReader.parse(text: "x,y\n1,0.5\n2,1.5\n"))
        #expect(fractions.task == .regression && fractions.targetValues == [0.5, 1.5])
        let manyIntegers = (0..<51).map { "\($0),\($0)" }.joined(separator: "\n")
        #expect(try Dataset(table: CSVReader.parse(text: "x,y\n" + manyIntegers)).task == .regression)
    }

    @Test("Target by name or index, features and drop lists; unknown columns list the available ones")
    func columnSelection() throws {
        let table = try CSVReader.parse(text: "a,b,c,d\n1,2,3,x\n4,5,6,y\n")
        let byIndex = try Dataset(table: table, options: DatasetOptions(target: .name("0"), drop: ["d"]))
        #expect(byIndex.encoding.target.name == "a" && byIndex.featureNames == ["b", "c"])
        let chosen = try Dataset(table: table, options: DatasetOptions(target: .name("d"), features: ["c", "a"]))
        #expect(chosen.featureNames == ["c", "a"] && chosen.features == [3, 1, 6, 4])
        let unknown = dataError { () throws(DataError) in try Dataset(table: table, options: DatasetOptions(target: .name("label"))) }
        #expect(unknown == .unknownTargetColumn("label", available: ["a", "b", "c", "d"]))
        #expect(unknown?.category == .usage)
        #expect(unknown?.description.contains("a, b, c, d") == true)
    }

    @Test("Missing values: an error with the first place and the affected rows; drop, mean, median by hand")
    func missingValues() throws {
        let table = try CSVReader.parse(text: "x,y,t\n1,NA,a\n2,4,b\n?,8,a\n6,,b\n3,9,a\n", source: "m.csv")
        let error = dataError { () throws(DataError) in try Dataset(table: table) }
        #expect(error == .missingValues(SourceLocation(file: "m.csv", line: 2, column: 2), columnName: "y", affectedRows: 3))
        let dropped = try Dataset(table: table, options: DatasetOptions(missingValues: .drop))
        #expect(dropped.features == [2, 4, 3, 9] && dropped.classIndices == [1, 0])
        let mean = try Dataset(table: table, options: DatasetOptions(missingValues: .mean))
        // x present: 1, 2, 6, 3 → mean 3; y present: 4, 8, 9 → mean 7.
        #expect(mean.features == [1, 7, 2, 4, 3, 8, 6, 7, 3, 9])
        let median = try Dataset(table: table, options: DatasetOptions(missingValues: .median))
        // x: median of 1, 2, 3, 6 = 2.5; y: median of 4, 8, 9 = 8.
        #expect(median.features == [1, 8, 2, 4, 2.5, 8, 6, 8, 3, 9])
        #expect(mean.rowsWithMissingValues == 3)
    }

    @Test("A single class and too many categories are data errors")
    func singleClassAndCategories() throws {
        let single = try CSVReader.parse(text: "x,t\n1,a\n2,a\n")
        #expect(dataError { () throws(DataError) in try Dataset(table: single) } == .singleClass(columnName: "t", className: "a"))
        let wide = try CSVReader.parse(text: "c,t\n" + (0..<4).map { "v\($0),\($0 % 2)" }.joined(separator: "\n"))
        #expect(dataError { () throws(DataError) in try Dataset(table: wide, options: DatasetOptions(maxCategories: 3)) }
                == .tooManyCategories(columnName: "c", found: 4, maximum: 3))
    }

    @Test("The encoding survives JSON and encodes a new file without the target the same way")
    func encodingRoundTrip() throws {
        let training = try Dataset(table: CSVReader.parse(text: "size,color,kind\n1,red,b\n2,blue,a\n"))
        let data = try JSONEncoder().encode(training.encoding)
        let decoded = try JSONDecoder().decode(FeatureEncoding.self, from: data)
        #expect(decoded == training.encoding)
        let newFile = try CSVReader.parse(text: "color,size\nblue,7\nred,8\n", source: "new.csv")
        let encoded = try decoded.encode(newFile)
        #expect(!encoded.hasTarget && encoded.features == [7, 1, 0, 8, 0, 1])
        let unseen = try CSVReader.parse(text: "color,size\ngreen,7\n", source: "new.csv")
        #expect(dataError { () throws(DataError) in try decoded.encode(unseen) }
                == .unknownCategory(SourceLocation(file: "new.csv", line: 2, column: 1), columnName: "color", value: "green", known: ["blue", "red"]))
        let lacking = try CSVReader.parse(text: "size\n1\n", source: "new.csv")
        #expect(dataError { () throws(DataError) in try decoded.encode(lacking) }
                == .missingColumn(file: "new.csv", name: "color", available: ["size"]))
    }
}
