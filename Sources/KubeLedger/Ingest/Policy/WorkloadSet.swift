public import Ledger

/// The workloads (Deployments, StatefulSets, DaemonSets) whose rollout history some events may
/// have changed: the workloads themselves, and the owners their ReplicaSets and
/// ControllerRevisions are named after (`<owner>-<hash>`).
struct WorkloadSet: Sendable {
    /// One workload.
    struct Workload: Sendable, Hashable, Comparable {
        var kind: String
        var namespace: String
        var name: String

        static func < (a: Workload, b: Workload) -> Bool {
            (a.kind, a.namespace, a.name) < (b.kind, b.namespace, b.name)
        }
    }

    private var members = Set<Workload>()

    init() {}

    init(_ events: [NewEvent]) { insert(events) }

    /// Adds the workloads `events` touch.
    mutating func insert(_ events: [NewEvent]) {
        for e in events where e.object.group == "apps" {
            let o = e.object
            switch o.kind {
            case "Deployment", "StatefulSet", "DaemonSet":
                members.insert(Workload(kind: o.kind, namespace: o.namespace, name: o.name))
            case "ReplicaSet":
                guard let owner = Self.ownerName(o.name) else { continue }
                members.insert(Workload(kind: "Deployment", namespace: o.namespace, name: owner))
            case "ControllerRevision":
                guard let owner = Self.ownerName(o.name) else { continue }
                members.insert(Workload(kind: "StatefulSet", namespace: o.namespace, name: owner))
                members.insert(Workload(kind: "DaemonSet", namespace: o.namespace, name: owner))
            default:
                continue
            }
        }
    }

    /// `web` for `web-5d78c9b5f7`.
    static func ownerName(_ name: String) -> String? {
        guard let dash = name.lastIndex(of: "-"), dash != name.startIndex else { return nil }
        return String(name[..<dash])
    }

    /// The workloads in a stable order.
    var sorted: [Workload] { members.sorted() }
}
