import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand.Import {
    /// `kubeledger import list FILE|-`.
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
            try options.runner(global).run(format: global.output) { emit in
                input.read({ adapter.read($0, $1) }, emit: emit)
            }
        }
    }
}
