public import ArgumentParser
import KubeLedger
import Ledger

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

    /// Maps any error to a message and exit status. The lower layers' errors carry facts; the
    /// advice users see (which command to run, which flag to pass) is phrased here, in
    /// `CommandFailure+Messages.swift`.
    static func from(_ error: any Error) -> CommandFailure {
        switch error {
        case let f as CommandFailure: return f
        case let e as InputError: return CommandFailure(.failure, e.description + "; nothing was stored")
        case let e as LedgerError:
            switch e {
            case .wrongExpectedVersion: return CommandFailure(.conflict, message(for: e))
            case .revisionNotFound: return CommandFailure(.notFound, message(for: e))
            case .corruptRecord, .logDamaged: return CommandFailure(.integrity, message(for: e))
            default: return CommandFailure(.failure, message(for: e))
            }
        case let e as ProjectionDecodingError: return CommandFailure(.failure, message(for: e))
        case let e as HistoryError:
            switch e {
            case .notFound: return CommandFailure(.notFound, "Error from server (NotFound): \(e)")
            case .noHistory: return CommandFailure(.notFound, e.description)
            }
        case let e as RollbackError: return CommandFailure(.notFound, e.description)
        case let e as SelectorError: return CommandFailure(.usage, e.description)
        default:
            if let s = StorageFailure(error) {
                return CommandFailure(s.kind == .damaged ? .integrity : .failure, message(for: s))
            }
            return CommandFailure(.failure, "\(error)")
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
