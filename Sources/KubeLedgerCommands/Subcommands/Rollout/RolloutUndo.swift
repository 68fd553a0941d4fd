import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand.Rollout {
    /// `kubeledger rollout undo KIND/NAME`.
    struct Undo: LedgerSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the manifest that rolls back (for kubectl apply -f -).",
            discussion: """
                Works for revisions Kubernetes has garbage-collected. Nothing is recorded: the rollback \
                happens when the manifest is applied, and a recorder watching the cluster records it then. \
                --record appends the rollback as an event (source rollback), for ledgers kept without a cluster.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "deploy/NAME, sts/NAME or ds/NAME.") var target: String
        @Option(name: [.customShort("n"), .long], help: "The namespace (default: default).") var namespace = "default"
        @Option(name: .customLong("to-revision"), help: "The revision to roll back to (default: the previous one).")
        var toRevision: Int = 0
        @Flag(help: "Also record the rollback as an event (for ledgers kept without a cluster).") var record = false
        @Flag(name: .customLong("dry-run"), help: "Print the manifest only (the default; kept for scripts).")
        var dryRun = false
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
                guard record, !dryRun else {
                    Terminal.note(
                        message + (dryRun ? " (dry run: nothing recorded)" : "; apply the manifest with kubectl apply -f -"))
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
