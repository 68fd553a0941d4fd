import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
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
