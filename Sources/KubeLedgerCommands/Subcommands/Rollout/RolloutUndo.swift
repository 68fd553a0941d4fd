import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand.Rollout {
    /// `kubeledger rollout undo KIND/NAME`.
    struct Undo: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the manifest that rolls back (for kubectl apply -f -) and record the rollback.",
            discussion: "Works for revisions Kubernetes has garbage-collected. With --dry-run nothing is recorded.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "deploy/NAME, sts/NAME or ds/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(name: .customLong("to-revision"), help: "The revision to roll back to (default: the previous one).")
        var toRevision: Int = 0
        @Flag(name: .customLong("dry-run"), help: "Print the manifest only; record nothing.") var dryRun = false
        @Option(help: "Who rolls back (default: the OS user).") var user: String?

        func execute() throws {
            let (kind, name) = try KubeLedgerCommand.Rollout.workload(target)
            let ledger = try global.openLedger()
            let proposal = try KubeLedger.History(ledger: ledger).rollbackPlan(
                kind: kind, namespace: namespace, name: name, toRevision: toRevision)
            switch proposal.plan {
            case .skipped(_, let message):
                Terminal.note(message)
            case .rollBack(let manifest, let revision, let message):
                Rendering.print(manifest, as: global.output == .json ? .json : .yaml)
                guard !dryRun else {
                    Terminal.note(message + " (dry run: nothing recorded)")
                    return
                }
                let e = NewEvent(
                    verb: .update, object: proposal.current.object, occurredAt: .now(), actor: user ?? OSUser.name,
                    userAgent: "kubeledger/0.1.0", source: .rollback,
                    annotations: [Annotation(Annotation.rollbackOf, String(revision))],
                    body: JSONWriter().bytes(manifest), expectation: .exact(proposal.currentVersion))
                let report = try Ingestor().append([e], to: ledger)
                Terminal.note(
                    message + " (recorded at revision \(report.lastRevision ?? 0);"
                        + " apply the manifest with kubectl apply -f -)"
                )
            }
        }
    }
}
