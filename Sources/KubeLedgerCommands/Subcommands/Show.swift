import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger show REV`: one event in full.
    struct Show: LedgerSubcommand {
        static let configuration = CommandConfiguration(abstract: "Show one event in full, with its object.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The revision.") var revision: UInt64

        func execute() throws {
            let ledger = try global.openLedger()
            guard let e = try ledger.event(at: revision) else {
                throw CommandFailure(
                    .notFound, "no event at revision \(revision) (the log has \(try ledger.lastRevision()))")
            }
            Rendering.print(
                EventJSON.value(e, includeObject: true),
                as: global.output == .table || global.output == .wide ? .yaml : global.output)
        }
    }
}
