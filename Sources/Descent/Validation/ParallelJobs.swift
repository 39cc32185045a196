import Foundation

/// Runs `count` independent jobs on at most `parallelism` threads: each worker takes the next job
/// not yet started, so a slow job does not hold back the rest. Results come back in job order.
public enum ParallelJobs {
    /// `body(index)` for every index in 0..<count, at most `parallelism` at a time (1: in order on
    /// the calling thread); each job's value or error in its slot. Every job runs, whatever the
    /// others throw: a caller that wants to stop the rest early asks them to (e.g. a stop flag).
    public static func map<Value: Sendable>(count: Int, parallelism: Int,
                                            body: @escaping @Sendable (Int) throws -> Value) -> [Result<Value, any Error>] {
        let slots = JobSlots<Value>(count: count)
        let workers = min(max(1, parallelism), count)
        if workers <= 1 {
            for index in 0..<count { slots.store(index, Result { try body(index) }) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = slots.nextIndex() { slots.store(index, Result { try body(index) }) }
            }
        }
        return slots.results()
    }
}

/// Result slots filled from concurrent jobs, and the counter that hands out the next job.
final class JobSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next job to start, nil when all have been taken.
    func nextIndex() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }
    }

    func store(_ index: Int, _ result: Result<Value, any Error>) {
        lock.withLock { slots[index] = result }
    }

    /// Every slot, in order (all filled once `map` returns).
    func results() -> [Result<Value, any Error>] {
        lock.withLock { slots.map { $0! } }
    }
}
