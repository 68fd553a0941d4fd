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

            /// The two-pass ingest of this input; the store opens only if the input is accepted.
            func runner(_ global: GlobalOptions) -> ImportRunner {
                ImportRunner(open: { try global.openLedger(create: true) }, source: file, skipInvalid: skipInvalid)
            }
        }
    }
}
