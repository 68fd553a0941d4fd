import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger import audit|watch|list FILE|-`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a Kubernetes audit log, a watch stream or a list snapshot.",
            discussion: """
                Re-importing the same input adds nothing. Prints what was appended, skipped (by reason) and rejected.
                The input is read twice (validate, then append) and a file is mapped, not loaded, so memory stays \
                bounded; stdin from a pipe is held in memory, so pass a file for big inputs.
                """,
            subcommands: [Audit.self, Watch.self, List.self])

        /// Options shared by the import subcommands.
        struct Options: ParsableArguments {
            @Argument(help: "The input file, or - for stdin.") var file: String
            @Flag(name: .customLong("skip-invalid"), help: "Store the valid records even when some lines are rejected.")
            var skipInvalid = false

            /// The two-pass runner for this input; the store opens only if the input is accepted.
            func runner(_ global: GlobalOptions) -> IngestRunner {
                IngestRunner(open: { try global.openLedger(create: true) }, source: file, skipInvalid: skipInvalid)
            }
        }

        struct Audit: LedgerSubcommand {
            static let configuration = CommandConfiguration(
                abstract: "Import an audit.k8s.io/v1 log (JSON lines or an EventList).")
            @OptionGroup var global: GlobalOptions
            @OptionGroup var options: Options

            func execute() throws {
                let input = try InputBuffer(path: options.file)
                let adapter = AuditLogAdapter(source: options.file)
                try options.runner(global).run(format: global.output) { emit in input.read({ adapter.read($0, $1) }, emit: emit) }
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
                let input = try InputBuffer(path: options.file)
                let arrival = try at.map { try PointInHistory.time($0, option: "--at") }
                var adapter = WatchStreamAdapter(source: options.file, arrivalTime: arrival)
                // Set once, so both passes stamp the same time on objects that carry none.
                adapter.fallbackTime = .now()
                // The adapter remembers the uids it has seen: each pass starts from this copy.
                let fresh = adapter
                try options.runner(global).run(format: global.output) { emit in
                    var pass = fresh
                    input.read({ pass.read($0, $1) }, emit: emit)
                }
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
                let input = try InputBuffer(path: options.file)
                // Computed once, so both passes observe at the same time.
                let observed = try at.map { try PointInHistory.time($0, option: "--at") } ?? .now()
                let adapter = ListSnapshotAdapter(source: options.file, observedAt: observed)
                try options.runner(global).run(format: global.output) { emit in input.read({ adapter.read($0, $1) }, emit: emit) }
            }
        }
    }
}
