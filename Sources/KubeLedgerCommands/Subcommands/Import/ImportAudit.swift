import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand.Import {
    /// `kubeledger import audit FILE|-`.
    struct Audit: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an audit.k8s.io/v1 log (JSON lines or an EventList).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: Options

        func execute() throws {
            let input = try InputBuffer(path: options.file)
            let adapter = AuditLogAdapter(source: options.file)
            try options.runner(global).run(format: global.output) { emit in
                input.read({ adapter.read($0, $1) }, emit: emit)
            }
        }
    }
}
