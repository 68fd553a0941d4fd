import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger backup DEST [--compact]`: a consistent copy while writers run.
    struct Backup: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store consistently (writers may keep running) into a new directory.",
            discussion:
                "DEST is created with mode 0700 (or must be an empty directory). Open the copy with --store DEST, or "
                + "'kubeledger restore DEST'."
        )

        @OptionGroup var global: GlobalOptions

        /// Where to copy.
        @Argument(help: "The new directory to copy the store into.") var destination: String

        /// Leave out free pages.
        @Flag(help: "Leave out free pages (a smaller copy; takes longer).") var compact = false

        func execute() throws {
            let report = try global.openLedger().backup(to: destination, compact: compact)
            Self.print(report, verb: "backed up", output: global.output)
            guard report.verified else {
                throw CommandFailure(.integrity, "the copy at \(destination) does not verify; keep the original")
            }
        }

        static func print(_ r: BackupReport, verb: String, output: OutputFormat) {
            switch output {
            case .table, .wide:
                Terminal.print(
                    "\(verb) \(r.lastRevision) events to \(r.destination) (\(r.bytes) bytes); chain head "
                        + "\(r.chainHead.isEmpty ? "-" : r.chainHead)\(r.verified ? ", verified" : "")"
                )
            default:
                Rendering.print(
                    .object(
                        .init([
                            ("destination", .string(r.destination)), ("lastRevision", .number(String(r.lastRevision))),
                            ("chainHead", .string(r.chainHead)), ("bytes", .number(String(r.bytes))),
                            ("verified", .bool(r.verified)),
                        ])), as: output)
            }
        }
    }
}
