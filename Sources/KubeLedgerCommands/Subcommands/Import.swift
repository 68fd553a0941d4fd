import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger import audit|watch|list FILE|-`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a Kubernetes audit log, a watch stream or a list snapshot.",
            discussion: "Re-importing the same input adds nothing. Prints what was appended, skipped (by reason) and rejected.",
            subcommands: [Audit.self, Watch.self, List.self])

        /// Options shared by the import subcommands.
        struct Options: ParsableArguments {
            @Argument(help: "The input file, or - for stdin.") var file: String
            @Flag(name: .customLong("skip-invalid"), help: "Store the valid records even when some lines are rejected.")
            var skipInvalid = false
        }

        struct Audit: LedgerSubcommand {
            static let configuration = CommandConfiguration(
                abstract: "Import an audit.k8s.io/v1 log (JSON lines or an EventList).")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var options: Options

            func execute() throws {
                let bytes = try InputFiles.read(options.file)
                let items = AuditLogAdapter(source: options.file).items(in: bytes)
                try IngestRunner(open: { try global.openLedger(create: true) }, source: options.file, skipInvalid: options.skipInvalid)
                    .run(items, format: global.output)
            }
        }

        struct Watch: LedgerSubcommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a watch stream (kubectl get -w -o json --output-watch-events).")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var options: Options
            @Option(help: "When the stream was received (RFC 3339 or relative); default: times found in the objects.")
            var at: String?

            func execute() throws {
                let bytes = try InputFiles.read(options.file)
                let arrival = try at.map { try PointInHistory.time($0, option: "--at") }
                var adapter = WatchStreamAdapter(source: options.file, arrivalTime: arrival)
                adapter.fallbackTime = .now()
                let items = adapter.items(in: bytes)
                try IngestRunner(open: { try global.openLedger(create: true) }, source: options.file, skipInvalid: options.skipInvalid)
                    .run(items, format: global.output)
            }
        }

        struct List: LedgerSubcommand {
            static let configuration = CommandConfiguration(
                abstract: "Import a list snapshot (kubectl get … -A -o json): each item as observed state.")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var options: Options
            @Option(help: "When the snapshot was taken (RFC 3339 or relative); default: now.")
            var at: String?

            func execute() throws {
                let bytes = try InputFiles.read(options.file)
                let observed = try at.map { try PointInHistory.time($0, option: "--at") } ?? .now()
                let items = ListSnapshotAdapter(source: options.file, observedAt: observed).items(in: bytes)
                try IngestRunner(open: { try global.openLedger(create: true) }, source: options.file, skipInvalid: options.skipInvalid)
                    .run(items, format: global.output)
            }
        }
    }
}
