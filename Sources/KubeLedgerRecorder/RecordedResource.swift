/// One resource the recorder lists and watches.
public struct RecordedResource: Sendable, Hashable {
    /// The plural name (`pods`).
    public var name: String
    /// The API group (`""` for core).
    public var group: String
    /// The API version (`v1`).
    public var version: String
    /// The kind of its objects (`Pod`).
    public var kind: String

    public init(name: String, group: String, version: String, kind: String) {
        self.name = name
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// `/api/v1/pods`, `/apis/apps/v1/deployments`: every namespace.
    public var path: String {
        group.isEmpty ? "/api/\(version)/\(name)" : "/apis/\(group)/\(version)/\(name)"
    }

    /// `group/Kind` as the ledger keys objects (`/Pod`).
    public var groupKind: String { "\(group)/\(kind)" }

    /// The cursor's name in the store (`pods`, `deployments.apps`).
    public var cursorName: String { group.isEmpty ? name : "\(name).\(group)" }

    /// The resources recorded when `--resources` is not given.
    public static let defaults: [RecordedResource] = [
        .init(name: "pods", group: "", version: "v1", kind: "Pod"),
        .init(name: "deployments", group: "apps", version: "v1", kind: "Deployment"),
        .init(name: "replicasets", group: "apps", version: "v1", kind: "ReplicaSet"),
        .init(name: "statefulsets", group: "apps", version: "v1", kind: "StatefulSet"),
        .init(name: "daemonsets", group: "apps", version: "v1", kind: "DaemonSet"),
        .init(name: "controllerrevisions", group: "apps", version: "v1", kind: "ControllerRevision"),
        .init(name: "persistentvolumeclaims", group: "", version: "v1", kind: "PersistentVolumeClaim"),
        .init(name: "persistentvolumes", group: "", version: "v1", kind: "PersistentVolume"),
        .init(name: "nodes", group: "", version: "v1", kind: "Node"),
        .init(name: "services", group: "", version: "v1", kind: "Service"),
        .init(name: "configmaps", group: "", version: "v1", kind: "ConfigMap"),
        .init(name: "namespaces", group: "", version: "v1", kind: "Namespace"),
    ]

    /// Kinds that may be named in `--resources` beyond the defaults.
    public static let known: [RecordedResource] =
        defaults + [
            .init(name: "secrets", group: "", version: "v1", kind: "Secret"),
            .init(name: "serviceaccounts", group: "", version: "v1", kind: "ServiceAccount"),
            .init(name: "events", group: "", version: "v1", kind: "Event"),
            .init(name: "jobs", group: "batch", version: "v1", kind: "Job"),
            .init(name: "cronjobs", group: "batch", version: "v1", kind: "CronJob"),
            .init(name: "ingresses", group: "networking.k8s.io", version: "v1", kind: "Ingress"),
        ]

    /// Resolves a `--resources` name: `pods`, `deployments.apps`, or `NAME.GROUP/VERSION:Kind` for a
    /// custom resource (`widgets.example.com/v1:Widget`).
    public static func resolve(_ text: String) throws(RecorderError) -> RecordedResource {
        let t = text.lowercased()
        if let r = known.first(where: { $0.name == t || $0.cursorName == t }) { return r }
        let parts = text.split(separator: ":", maxSplits: 1)
        if parts.count == 2, let slash = parts[0].firstIndex(of: "/"), let dot = parts[0].firstIndex(of: ".") {
            let name = String(parts[0][..<dot])
            let group = String(parts[0][parts[0].index(after: dot)..<slash])
            let version = String(parts[0][parts[0].index(after: slash)...])
            if !name.isEmpty, !group.isEmpty, !version.isEmpty {
                return .init(name: name, group: group, version: version, kind: String(parts[1]))
            }
        }
        throw .unknownResource(text)
    }
}
