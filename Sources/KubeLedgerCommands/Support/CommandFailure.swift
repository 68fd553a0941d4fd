public import ArgumentParser
import KubeLedger
import Ledger
import LedgerLMDB

/// The exit codes of the CLI contract (DESIGN.md).
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case failure = 1
    case usage = 2
    case notFound = 3
    case conflict = 4
    case integrity = 5
}

/// An error the CLI reports in one or two lines with a given exit status.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// Maps any error to a message and exit status.
    static func from(_ error: any Error) -> CommandFailure {
        switch error {
        case let f as CommandFailure: return f
        case let e as InputError: return CommandFailure(.failure, e.description + "; nothing was stored")
        case let e as LedgerError:
            switch e {
            case .wrongExpectedVersion: return CommandFailure(.conflict, e.description)
            case .revisionNotFound: return CommandFailure(.notFound, e.description)
            case .corruptRecord, .logDamaged: return CommandFailure(.integrity, e.description)
            default: return CommandFailure(.failure, e.description)
            }
        case let e as LMDBError:
            return CommandFailure(e.code == .corrupted || e.code == .panic ? .integrity : .failure, e.message)
        default: return CommandFailure(.failure, "\(error)")
        }
    }
}

/// A subcommand whose work can fail with a ``CommandFailure``; `run()` prints the message to
/// stderr and exits with its status.
protocol LedgerSubcommand: ParsableCommand {
    func execute() throws
}

extension LedgerSubcommand {
    public func run() throws {
        do {
            try execute()
        } catch let e as ExitCode {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            let failure = CommandFailure.from(error)
            Terminal.error("error: " + failure.message)
            throw ExitCode(failure.status.rawValue)
        }
    }
}
