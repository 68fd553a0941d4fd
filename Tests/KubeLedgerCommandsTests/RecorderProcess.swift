import Foundation
import LedgerTestSupport

/// A running `kubeledger record`.
final class RecorderProcess: @unchecked Sendable {
    let process = Process()
    let errors = Pipe()
    let reader: ServeRunner.PipeReader

    init(arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        reader = ServeRunner.PipeReader(errors)
        try process.run()
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM; returns the exit status and how long the exit took.
    func terminate() -> (status: Int32, seconds: Double) {
        let start = Date()
        process.terminate()
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(start))
    }

    deinit {
        if process.isRunning { kill9() }
    }
}
