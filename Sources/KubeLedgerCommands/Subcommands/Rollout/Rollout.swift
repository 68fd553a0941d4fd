import ArgumentParser
import KubeLedger
import Ledger

extension KubeLedgerCommand {
    /// `kubeledger rollout history|undo`.
    struct Rollout: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rollout history and rollback of Deployments, StatefulSets and DaemonSets, past any revision limit.",
            subcommands: [History.self, Undo.self])

        /// Resolves KIND/NAME to a workload kind.
        static func workload(_ text: String) throws -> (kind: String, name: String) {
            let (kind, _, name) = try KindArgument.split(text)
            guard ["Deployment", "StatefulSet", "DaemonSet"].contains(kind) else {
                throw CommandFailure(
                    .usage,
                    "'\(text)': rollout works on deployments, statefulsets and daemonsets "
                        + "(deploy/NAME, sts/NAME, ds/NAME)"
                )
            }
            return (kind, name)
        }
    }
}
