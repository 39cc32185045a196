import Foundation
import Testing

@Suite("One reader of method names and NAME=RATE lists: compare and landscape refuse alike; enum flags list their values")
struct MethodFlagsCLITests {
    typealias S = CLITestSupport

    @Test("The same bad --optimizers/--lr is refused by compare and landscape with the same message (exit 64)", arguments: [
        (["--optimizers", "sgd,bfgs"], "'bfgs' is not one of"), (["--optimizers", "sgd,SGD"], "twice"),
        (["--optimizers", "sgd", "--lr", "adam=0.1"], "not in --optimizers"), (["--optimizers", "sgd", "--lr", "sgd:0.1"], "neither"),
        (["--optimizers", "sgd", "--lr", "0.1,0.2"], "at most one rate"), (["--optimizers", "sgd", "--lr", "0"], "neither"),
    ])
    func sameRefusals(arguments: [String], message: String) throws {
        let compare = try DescentBinary.run(["compare", S.example("iris.csv")] + arguments)
        let landscape = try DescentBinary.run(["landscape"] + arguments)
        for result in [compare, landscape] {
            #expect(result.status == 64 && result.stderr.contains(message), "\(arguments): \(result.status) \(result.stderr)")
        }
        let line = { (text: String) in text.split(separator: "\n").first { $0.contains(message) }.map(String.init) }
        #expect(line(compare.stderr) == line(landscape.stderr))
    }

    @Test("--help lists the values of the enum flags; L-BFGS is read as lbfgs everywhere")
    func values() throws {
        let help = try DescentBinary.run(["train", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for values in ["sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, lbfgs,", "relu, leaky_relu, tanh, sigmoid, gelu",
                       "constant, step, multistep, exponential, inverse-time, cosine,"] {
            #expect(help.contains(values), "\(values)")
        }
        let landscape = try DescentBinary.run(["landscape", "--optimizers", "L-BFGS", "--steps", "5", "--json"])
        #expect(landscape.status == 0 && landscape.stdout.contains("\"lbfgs\""), "\(landscape.stderr)")
    }
}
