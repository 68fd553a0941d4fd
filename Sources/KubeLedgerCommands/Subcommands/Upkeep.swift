import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger migrate`: brings a store of an older format up to date, atomically.
    struct Migrate: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Upgrade the store to this version's format (all steps in one atomic transaction).",
            discussion: "A crash during the migration leaves the old format, never a mix. Take a 'kubeledger backup' first.")

        @OptionGroup var global: GlobalOptions

        /// Only report.
        @Flag(name: .customLong("dry-run"), help: "Show the pending steps without applying them.")
        var dryRun = false

        func execute() throws {
            let o = try LedgerMigrator.migrate(path: global.storePath, dryRun: dryRun)
            var j = JSONObject()
            j["store"] = .string(global.storePath)
            j["fromFormat"] = .number(String(o.fromFormat))
            j["toFormat"] = .number(String(o.toFormat))
            j["applied"] = .array(o.applied.map { .string($0) })
            j["migrations"] = .array(o.migrations.map { .string($0) })
            j["dryRun"] = .bool(dryRun)
            switch global.output {
            case .table, .wide:
                if o.applied.isEmpty {
                    Terminal.print("store at \(global.storePath) is at format \(o.fromFormat): nothing to migrate")
                } else {
                    Terminal.print("\(dryRun ? "would migrate" : "migrated") \(global.storePath) from format \(o.fromFormat) to \(o.toFormat): \(o.applied.joined(separator: ", "))")
                }
            default: Rendering.print(.object(j), as: global.output)
            }
        }
    }

    /// `kubeledger backup DEST [--compact]`: a consistent copy while writers run.
    struct Backup: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store consistently (writers may keep running) into a new directory.",
            discussion: "DEST is created with mode 0700 (or must be an empty directory). Open the copy with --store DEST, or 'kubeledger restore DEST'.")

        @OptionGroup var global: GlobalOptions

        /// Where to copy.
        @Argument(help: "The new directory to copy the store into.") var destination: String

        /// Leave out free pages.
        @Flag(help: "Leave out free pages (a smaller copy; takes longer).") var compact = false

        func execute() throws {
            let report = try global.openLedger().backup(to: destination, compact: compact)
            Self.print(report, verb: "backed up", output: global.output)
            guard report.verified else { throw CommandFailure(.integrity, "the copy at \(destination) does not verify; keep the original") }
        }

        static func print(_ r: BackupReport, verb: String, output: OutputFormat) {
            switch output {
            case .table, .wide:
                Terminal.print("\(verb) \(r.lastRevision) events to \(r.destination) (\(r.bytes) bytes); chain head \(r.chainHead.isEmpty ? "-" : r.chainHead)\(r.verified ? ", verified" : "")")
            default:
                Rendering.print(.object(.init([
                    ("destination", .string(r.destination)), ("lastRevision", .number(String(r.lastRevision))),
                    ("chainHead", .string(r.chainHead)), ("bytes", .number(String(r.bytes))), ("verified", .bool(r.verified)),
                ])), as: output)
            }
        }
    }

    /// `kubeledger restore SRC`: makes the store at --store from a backup.
    struct Restore: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup into --store, which must not hold a store yet.",
            discussion: "The backup is verified first; a damaged backup exits 5 and nothing is written.")

        @OptionGroup var global: GlobalOptions

        /// The backup.
        @Argument(help: "The backup directory (made by 'kubeledger backup').") var source: String

        func execute() throws {
            let report = try Ledger.restore(from: source, to: global.storePath)
            Backup.print(report, verb: "restored", output: global.output)
        }
    }
}
