import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger identity sts/NAME`.
    struct Identity: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The StatefulSet identity ledger: per ordinal its pod, DNS name, claims, volumes and nodes over time.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "sts/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "As it was at this time or revision.") var at: String?

        func execute() throws {
            let (kind, _, name) = try KindArgument.split(target)
            guard kind == "StatefulSet" else {
                throw CommandFailure(.usage, "'\(target)': identity works on statefulsets (sts/NAME)")
            }
            let history = History(ledger: try global.openLedger())
            let point = try HistoryPoint.resolve(at: at, revision: nil, history: history)
            let id = try history.identity(namespace: namespace, name: name, in: point)
            switch global.output {
            case .json, .jsonl, .yaml: Rendering.print(IdentityView.json(id), as: global.output)
            default: Terminal.print(IdentityView.text(id).trimmingSuffixNewline)
            }
        }
    }
}
