import Descent

/// Warnings about how a training file was read, worded for the command line.
enum DataWarnings {
    /// One line per text column that looks numeric (decimal comma, currency, percent, thousands
    /// separators), naming the column, an example value and what to do.
    static func lines(for dataset: Dataset) -> [String] {
        dataset.numericLookingColumns.map { note in
            let what: String, fix: String
            switch note.form {
            case .decimalComma:
                what = "a decimal comma"
                fix = "--decimal-comma reads them as numbers (with ';' as the delimiter, or the values quoted)"
            case .currency:
                what = "a currency sign"
                fix = "remove the sign first (e.g. sed 's/[$€£¥]//g' data.csv > clean.csv) or --drop the column"
            case .percent:
                what = "a percent sign"
                fix = "remove the % signs first (e.g. sed 's/%//g' data.csv > clean.csv) or --drop the column"
            case .thousandsSeparator:
                what = "thousands separators"
                fix = "remove the separators first (1,234.5 → 1234.5) or --drop the column"
            }
            return "warning: column \(TextExcerpt.quoted(note.columnName)) looks numeric but is text (values like "
                + "\(TextExcerpt.quoted(note.example)): \(what)), so it became \(note.categoryCount) one-hot categories; \(fix)"
        }
    }

    /// A warning when the smallest class holds under 10% of the training rows and no class
    /// weights were asked for, suggesting `--class-weight balanced`; nil otherwise.
    static func imbalance(_ prepared: PreparedData, classWeight: String) -> String? {
        let dataset = prepared.dataset
        guard dataset.task == .classification, classWeight == "none", !prepared.split.training.isEmpty else { return nil }
        let balance = ClassBalance(labels: prepared.split.training.map { dataset.classIndices[$0] }, classCount: dataset.classNames.count)
        guard balance.isImbalanced() else { return nil }
        let name = TextExcerpt.quoted(dataset.classNames[balance.smallestClass])
        return "warning: class \(name) is \(String(format: "%.1f", 100 * balance.smallestFraction))% of the training rows "
            + "(\(balance.counts[balance.smallestClass]) of \(prepared.split.training.count)): accuracy will flatter a model that ignores it; "
            + "--class-weight balanced weighs each class equally in the loss, and evaluate's balanced accuracy and macro F1 show the difference"
    }
}
