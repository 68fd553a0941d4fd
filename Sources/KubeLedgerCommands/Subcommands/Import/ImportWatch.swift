import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand.Import {
    /// `kubeledger import watch FILE|-`.
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
}
