import Descent

// Read a CSV file, split it (stratified) and standardize it on the training rows, train an MLP with
// early stopping, score the held-out test rows, save the model, and load it back for inference.
let csv = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "iris.csv"
let data = try DataPreparation(path: csv, validationFraction: 0.2, testFraction: 0.2).prepare(seed: 0)
var settings = TrainingSettings()
settings.optimizer.learningRate = 0.01  // Adam; early stopping (patience 10) is on by default
let run = try TrainingRun<Float>(data: data, spec: data.spec(hiddenSizes: [16]), settings: settings, seed: 0)
let result = try run.run()
let test = run.evaluate(rows: data.split.test)
try run.save(to: "quickstart.safetensors")
let model = try TrainedModel<Float>(contentsOf: "quickstart.safetensors")
let predictions = try model.predict(contentsOf: csv)
print("epochs \(result.completedEpochs) test_accuracy \(test.accuracy ?? 0) predictions \(predictions.count) first \(predictions[0].label ?? "-")")
