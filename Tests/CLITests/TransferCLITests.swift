import Descent
import Foundation
import Testing

@Suite("Transfer learning: --init-from and --freeze")
struct TransferCLITests {
    typealias S = CLITestSupport

    @Test("Fine-tuning on a 2-class subset loads the body, gives a new head, and keeps frozen layers fixed")
    func fineTune() throws {
        let directory = try S.temporaryDirectory()
        let pretrained = directory.appendingPathComponent("pre.safetensors").path
        #expect(try DescentBinary.run(["train", S.example("iris.csv"), "--epochs", "5", "--out", pretrained, "--quiet"]).status == 0)
        let lines = try String(contentsOfFile: S.example("iris.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        let twoClasses = try S.write(([lines[0]] + lines.dropFirst().filter { !$0.hasSuffix("virginica") }).joined(separator: "\n") + "\n",
                                     "two.csv", in: directory)
        let tuned = directory.appendingPathComponent("tuned.safetensors").path
        let result = try DescentBinary.run(["train", twoClasses, "--init-from", pretrained, "--freeze", "1", "--epochs", "4",
                                            "--no-early-stopping", "--out", tuned])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("loaded 4 tensors") && result.stderr.contains("4.weight"), "stderr: \(result.stderr)")
        let before = try SafeTensorsFile.read(from: pretrained), after = try SafeTensorsFile.read(from: tuned)
        #expect(after.tensor(named: "0.weight") == before.tensor(named: "0.weight"), "the frozen first layer moved")
        #expect(after.tensor(named: "0.bias") == before.tensor(named: "0.bias"))
        #expect(after.tensor(named: "2.weight") != before.tensor(named: "2.weight"), "the second layer should train")
        #expect(after.tensor(named: "4.weight")?.shape == [2, 64])
        let bad = try DescentBinary.run(["train", S.example("iris.csv"), "--freeze", "1"])
        #expect(bad.status == 64 && bad.stderr.contains("--freeze"))
    }
}
