import Foundation

/// Ctrl-C handling: the first SIGINT only raises a flag that the training loop reads between steps,
/// so the current step finishes and the checkpoint and history are written before exit 130. A second
/// SIGINT, while that is under way, ends the process at once.
enum Interrupt {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Installs the handler, and unblocks SIGINT in case the parent process started us with it
    /// blocked (a blocked signal would stay pending and Ctrl-C would do nothing).
    static func install() {
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        signal(SIGINT) { _ in
            if Interrupt.flag != 0 { _exit(130) }
            Interrupt.flag = 1
        }
    }

    /// Whether Ctrl-C was pressed since `install()`.
    static var requested: Bool { flag != 0 }
}
