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
            let ledger = try global.openLedger()
            var filter = EventFilter()
            if let from {
                filter.fromRevision = max(
                    1, try PointInHistory.parse(from, option: "--from").revision(in: ledger, option: "--from"))
            }
            if let to {
                filter.toRevision = try PointInHistory.parse(to, option: "--to").revision(in: ledger, option: "--to")
            }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            try ledger.scan(filter) { e in
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
