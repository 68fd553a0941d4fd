import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger export`.
    struct Export: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write events as native JSON lines; "
                + "importing an export into an empty store gives the same records and chain head."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "From this revision or time.") var from: String?
        @Option(help: "To this revision or time.") var to: String?

        func execute() throws {
            let history = History(ledger: try global.openLedger())
            var filter = EventFilter()
            if let from {
                filter.fromRevision = max(
                    1, try PointInHistory.revision(from, option: "--from", in: history))
            }
            if let to {
                filter.toRevision = try PointInHistory.revision(to, option: "--to", in: history)
            }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            try history.events(filter) { e in
                NativeEventWriter.append(e, to: &buffer)
                if buffer.count >= 1 << 20 {
                    Terminal.write(bytes: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
            Terminal.write(bytes: buffer)
        }
    }
}
