/// How much memory a network of a spec takes before it is built, so that hidden layers of 100000
/// units or a batch size of 1000000000 are refused with a number instead of ending in the allocator.
extension NetworkSpec {
    /// The parameter count P = Σ (inₖ·outₖ + outₖ) over the Linear layers (+ 2·width per BatchNorm),
    /// saturating at `Int.max` when the product overflows.
    public var parameterCountEstimate: Int {
        var terms: [Int] = []
        var width = inputCount
        for size in hiddenSizes + [outputCount] {
            terms.append(MemoryBudget.product(width, size))
            terms.append(size)
            if batchNorm && size != outputCount { terms.append(MemoryBudget.product(2, size)) }
            width = size
        }
        return MemoryBudget.sum(terms)
    }

    /// The bytes a training run of this spec allocates, saturating at `Int.max`:
    /// P·s·(2 + `optimizerCopies`) for the parameters, the gradient and the optimizer's state, plus
    /// P·8·2 for the best and last good weights kept in Double, plus the workspaces of every layer
    /// for `maxBatchSize` rows, B·s·(4·in + 4·out + 6·width per activation, BatchNorm or Dropout),
    /// where s = `scalarBytes`. An estimate from below: it leaves out the data and small buffers.
    public func trainingBytes(maxBatchSize: Int, scalarBytes: Int, optimizerCopies: Int = 3) -> Int {
        let parameters = parameterCountEstimate
        var terms = [MemoryBudget.product(parameters, scalarBytes, 2 + optimizerCopies), MemoryBudget.product(parameters, 8, 2)]
        var width = inputCount
        for (index, size) in (hiddenSizes + [outputCount]).enumerated() {
            terms.append(MemoryBudget.product(maxBatchSize, scalarBytes, 4, MemoryBudget.sum([width, size])))
            let isHidden = index < hiddenSizes.count
            let elementwise = isHidden ? 1 + (batchNorm ? 1 : 0) + (dropout > 0 ? 1 : 0) : 1  // the loss's buffers last
            terms.append(MemoryBudget.product(maxBatchSize, scalarBytes, 6, size, elementwise))
            width = size
        }
        return MemoryBudget.sum(terms)
    }
}
