import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand.Rollout {
    /// `kubeledger rollout history KIND/NAME`.
    struct History: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the revisions as kubectl numbers them, never dropped.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "deploy/NAME, sts/NAME or ds/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(help: "Show the details of one revision.") var revision: Int = 0
        @Option(help: "The history as it was at this time or revision.") var at: String?

        func execute() throws {
            let (kind, name) = try KubeLedgerCommand.Rollout.workload(target)
            let history = KubeLedger.History(ledger: try global.openLedger())
            let point = try HistoryPoint.resolve(at: at, revision: nil, history: history)
            let h = try history.rollouts(kind: kind, namespace: namespace, name: name, in: point)
            switch global.output {
            case .json, .jsonl, .yaml: Rendering.print(RolloutHistoryView.json(h), as: global.output)
            default:
                do {
                    Terminal.print(try RolloutHistoryView.text(
                            h, revision: revision, wide: global.output == .wide).trimmingSuffixNewline)
                } catch {
                    throw CommandFailure(.notFound, "\(error)")
                }
            }
        }
    }
}
