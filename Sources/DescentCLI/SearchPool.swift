import Foundation

/// Runs `count` tasks on `jobs` threads, each task taking the next index; a task returning false
/// stops the others from starting new ones. With trials as processes, the threads only wait.
enum SearchPool {
    /// Runs `body(0)`, `body(1)`, … `body(count − 1)`, at most `jobs` at once, and waits for them.
    static func run(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Bool) {
        let queue = IndexQueue(count: count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, count)) {
            group.enter()
            let thread = Thread {
                while let index = queue.next() {
                    if !body(index) { queue.stop() }
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
    }

    /// The shared counter of the next task.
    private final class IndexQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var position = 0
        private let count: Int

        init(count: Int) { self.count = count }

        func next() -> Int? {
            lock.withLock {
                guard position < count else { return nil }
                position += 1
                return position - 1
            }
        }

        func stop() { lock.withLock { position = count } }
    }
}
