import Foundation

/// Ctrl-C and SIGTERM handling: the first SIGINT or SIGTERM only raises a flag that the training
/// loop reads between steps, so the current step finishes and the checkpoint and history are
/// written before exit 130 (SIGINT) or 143 (SIGTERM). A second signal ends the process at once —
/// except while a checkpoint is being written (`deferringSignals`): then the files are finished
/// and renamed first, so a model and its resume state are always both new or both old.
///
/// In a search's trial (DESCENT_SEARCH_TRIAL set), a repeat of the first signal within a second is
/// the same event arriving twice and is ignored (see `repeatWindowNanoseconds`).
///
/// `descent search` registers its trial processes: the first signal is forwarded to them (by the
/// search's own thread, `forwardToChildren`), and a second one kills them before exiting.
enum Interrupt {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0
    nonisolated(unsafe) private static var firstSignal: sig_atomic_t = 0
    nonisolated(unsafe) private static var writing: sig_atomic_t = 0
    nonisolated(unsafe) private static var exitAfterWriting: sig_atomic_t = 0
    /// In a search's trial: the monotonic time (ns) of the first signal, and whether a repeat of it
    /// within `repeatWindow` counts as the same delivery.
    nonisolated(unsafe) private static var firstSignalTime: Int64 = 0
    nonisolated(unsafe) private static var ignoresQuickRepeat: sig_atomic_t = 0
    /// The environment variable `descent search` sets for its trials.
    static let trialVariable = "DESCENT_SEARCH_TRIAL"
    /// A repeat of the first signal this soon after it is the same event reaching the trial twice:
    /// Slurm signals every process of a job (SIGTERM at the time limit, `scancel --signal`), and the
    /// search passes the signal on as well. Without this the trial would die without its checkpoint.
    static let repeatWindowNanoseconds: Int64 = 1_000_000_000
    /// Child process ids (0: free slot), read by the signal handler.
    nonisolated(unsafe) private static let children = UnsafeMutablePointer<pid_t>.allocate(capacity: childCapacity)
    static let childCapacity = 256
    private static let childLock = NSLock()

    /// Installs the handler for SIGINT and SIGTERM, and unblocks both in case the parent process
    /// started us with them blocked (a blocked signal would stay pending and Ctrl-C would do nothing).
    static func install() {
        children.initialize(repeating: 0, count: childCapacity)
        ignoresQuickRepeat = getenv(trialVariable) != nil ? 1 : 0
        var mask = signalMask
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                if Interrupt.flag != 0 && Interrupt.ignoresQuickRepeat != 0 && received == Interrupt.firstSignal
                    && Interrupt.monotonicNanoseconds() - Interrupt.firstSignalTime < Interrupt.repeatWindowNanoseconds {
                    return  // the same event, delivered by the scheduler and passed on by the search
                }
                if Interrupt.flag != 0 && Interrupt.writing != 0 {
                    Interrupt.exitAfterWriting = received  // the pair being written is finished first
                    return
                }
                if Interrupt.flag != 0 {
                    for index in 0..<Interrupt.childCapacity where Interrupt.children[index] > 0 { kill(Interrupt.children[index], SIGKILL) }
                    _exit(128 + received)
                }
                Interrupt.firstSignal = received
                Interrupt.firstSignalTime = Interrupt.monotonicNanoseconds()
                Interrupt.flag = 1
            }
        }
    }

    /// Whether SIGINT or SIGTERM arrived since `install()`.
    static var requested: Bool { flag != 0 }

    /// The signal that arrived first (SIGINT or SIGTERM), if any.
    static var receivedSignal: Int32? { flag != 0 ? firstSignal : nil }

    /// The exit code for the signal received: 130 for SIGINT, 143 for SIGTERM.
    static var exitStatus: Int32 { receivedSignal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }

    /// "Ctrl-C" or "SIGTERM", for messages.
    static var signalName: String { receivedSignal == SIGTERM ? "SIGTERM" : "Ctrl-C (SIGINT)" }

    /// Runs `body` (the writing of a checkpoint) to its end even if a second signal comes meanwhile;
    /// such a signal then ends the process right after it, with 128 + its number. (A signal mask
    /// would not do: it holds signals back from one thread only, and OpenBLAS has others.)
    static func deferringSignals<T>(_ body: () throws -> T) rethrows -> T {
        writing = 1
        defer {
            writing = 0
            if exitAfterWriting != 0 {
                Diagnostics.print("descent: second signal: stopped right after writing the checkpoint (model and resume state whole)")
                _exit(128 + exitAfterWriting)
            }
        }
        return try body()
    }

    /// Registers a running child process (a search trial); false when every slot is taken.
    @discardableResult
    static func addChild(_ pid: pid_t) -> Bool {
        childLock.withLock {
            for index in 0..<childCapacity where children[index] == 0 {
                children[index] = pid
                return true
            }
            return false
        }
    }

    /// Forgets a child that has ended.
    static func removeChild(_ pid: pid_t) {
        childLock.withLock {
            for index in 0..<childCapacity where children[index] == pid { children[index] = 0 }
        }
    }

    /// The running children.
    static var runningChildren: [pid_t] {
        childLock.withLock { (0..<childCapacity).map { children[$0] }.filter { $0 > 0 } }
    }

    /// Sends the first signal on to every running child (so trials started by a scheduler's SIGTERM,
    /// which reaches only this process, stop too); returns their ids.
    static func forwardToChildren() -> [pid_t] {
        let pids = runningChildren
        if let receivedSignal { for pid in pids { kill(pid, receivedSignal) } }
        return pids
    }

    /// CLOCK_MONOTONIC in nanoseconds (async-signal-safe).
    private static func monotonicNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    private static var signalMask: sigset_t {
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        return mask
    }
}
