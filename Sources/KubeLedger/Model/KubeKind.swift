/// A Kubernetes kind as kubectl knows it: names, short names, plural resource, scope.
public struct KubeKind: Sendable, Hashable {
    /// The kind (`Deployment`).
    public var kind: String
    /// The API group (`apps`; empty for core).
    public var group: String
    /// The preferred version (`v1`).
    public var version: String
    /// The plural resource name (`deployments`), as audit logs and URLs spell it.
    public var resource: String
    /// The singular name (`deployment`).
    public var singular: String
    /// kubectl's short names (`deploy`).
    public var shortNames: [String]
    /// Whether objects of this kind live in a namespace.
    public var isNamespaced: Bool
    /// The categories the kind belongs to (`all` for Pods, Deployments …; a CRD's
    /// `spec.names.categories`).
    public var categories: [String]

    /// `group/version`, or `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `group/kind` as the ledger keys objects (`apps/Deployment`, `/Pod`).
    public var groupKind: String { "\(group)/\(kind)" }

    public init(
        kind: String, group: String, version: String, resource: String, singular: String, shortNames: [String],
        isNamespaced: Bool, categories: [String] = []
    ) {
        self.kind = kind
        self.group = group
        self.version = version
        self.resource = resource
        self.singular = singular
        self.shortNames = shortNames
        self.isNamespaced = isNamespaced
        self.categories = categories
    }

    /// The kinds KubeLedger knows by name. Any other kind is still stored; it is looked up by its
    /// exact kind, lowercase kind, or `kind.group`.
    public static let known: [KubeKind] = [
        KubeKind(
            kind: "Pod", group: "", version: "v1", resource: "pods", singular: "pod", shortNames: ["po"],
            isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "ReplicaSet", group: "apps", version: "v1", resource: "replicasets", singular: "replicaset",
            shortNames: ["rs"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "Deployment", group: "apps", version: "v1", resource: "deployments", singular: "deployment",
            shortNames: ["deploy"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "StatefulSet", group: "apps", version: "v1", resource: "statefulsets", singular: "statefulset",
            shortNames: ["sts"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "DaemonSet", group: "apps", version: "v1", resource: "daemonsets", singular: "daemonset",
            shortNames: ["ds"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "ControllerRevision", group: "apps", version: "v1", resource: "controllerrevisions",
            singular: "controllerrevision", shortNames: [], isNamespaced: true),
        KubeKind(
            kind: "PersistentVolumeClaim", group: "", version: "v1", resource: "persistentvolumeclaims",
            singular: "persistentvolumeclaim", shortNames: ["pvc"], isNamespaced: true),
        KubeKind(
            kind: "PersistentVolume", group: "", version: "v1", resource: "persistentvolumes",
            singular: "persistentvolume", shortNames: ["pv"], isNamespaced: false),
        KubeKind(
            kind: "Node", group: "", version: "v1", resource: "nodes", singular: "node", shortNames: ["no"],
            isNamespaced: false),
        KubeKind(
            kind: "Namespace", group: "", version: "v1", resource: "namespaces", singular: "namespace",
            shortNames: ["ns"], isNamespaced: false),
        KubeKind(
            kind: "Service", group: "", version: "v1", resource: "services", singular: "service", shortNames: ["svc"],
            isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "ConfigMap", group: "", version: "v1", resource: "configmaps", singular: "configmap",
            shortNames: ["cm"], isNamespaced: true),
        KubeKind(
            kind: "Secret", group: "", version: "v1", resource: "secrets", singular: "secret", shortNames: [],
            isNamespaced: true),
        KubeKind(
            kind: "ServiceAccount", group: "", version: "v1", resource: "serviceaccounts", singular: "serviceaccount",
            shortNames: ["sa"], isNamespaced: true),
        KubeKind(
            kind: "Endpoints", group: "", version: "v1", resource: "endpoints", singular: "endpoints",
            shortNames: ["ep"], isNamespaced: true),
        KubeKind(
            kind: "Event", group: "", version: "v1", resource: "events", singular: "event", shortNames: ["ev"],
            isNamespaced: true),
        KubeKind(
            kind: "ReplicationController", group: "", version: "v1", resource: "replicationcontrollers",
            singular: "replicationcontroller", shortNames: ["rc"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "Job", group: "batch", version: "v1", resource: "jobs", singular: "job", shortNames: [],
            isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "CronJob", group: "batch", version: "v1", resource: "cronjobs", singular: "cronjob",
            shortNames: ["cj"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "StorageClass", group: "storage.k8s.io", version: "v1", resource: "storageclasses",
            singular: "storageclass", shortNames: ["sc"], isNamespaced: false),
        KubeKind(
            kind: "Ingress", group: "networking.k8s.io", version: "v1", resource: "ingresses", singular: "ingress",
            shortNames: ["ing"], isNamespaced: true),
        KubeKind(
            kind: "NetworkPolicy", group: "networking.k8s.io", version: "v1", resource: "networkpolicies",
            singular: "networkpolicy", shortNames: ["netpol"], isNamespaced: true),
        KubeKind(
            kind: "Role", group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", singular: "role",
            shortNames: [], isNamespaced: true),
        KubeKind(
            kind: "RoleBinding", group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings",
            singular: "rolebinding", shortNames: [], isNamespaced: true),
        KubeKind(
            kind: "ClusterRole", group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles",
            singular: "clusterrole", shortNames: [], isNamespaced: false),
        KubeKind(
            kind: "ClusterRoleBinding", group: "rbac.authorization.k8s.io", version: "v1",
            resource: "clusterrolebindings", singular: "clusterrolebinding", shortNames: [], isNamespaced: false),
        KubeKind(
            kind: "HorizontalPodAutoscaler", group: "autoscaling", version: "v2", resource: "horizontalpodautoscalers",
            singular: "horizontalpodautoscaler", shortNames: ["hpa"], isNamespaced: true, categories: ["all"]),
        KubeKind(
            kind: "PodDisruptionBudget", group: "policy", version: "v1", resource: "poddisruptionbudgets",
            singular: "poddisruptionbudget", shortNames: ["pdb"], isNamespaced: true),
        KubeKind(
            kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", version: "v1",
            resource: "customresourcedefinitions", singular: "customresourcedefinition", shortNames: ["crd", "crds"],
            isNamespaced: false),
        KubeKind(
            kind: "Lease", group: "coordination.k8s.io", version: "v1", resource: "leases", singular: "lease",
            shortNames: [], isNamespaced: true),
        KubeKind(
            kind: "EndpointSlice", group: "discovery.k8s.io", version: "v1", resource: "endpointslices",
            singular: "endpointslice", shortNames: [], isNamespaced: true),
    ]

    /// Looks a kind up as kubectl does: `po`, `pod`, `pods`, `Pod`, `deploy`,
    /// `deployments.apps`, `deployment.apps` (case-insensitive).
    public static func lookup(_ name: String) -> KubeKind? {
        let lower = name.lowercased()
        var base = lower
        var group: String?
        if let dot = lower.firstIndex(of: ".") {
            base = String(lower[..<dot])
            group = String(lower[lower.index(after: dot)...])
        }
        return known.first { k in
            (group == nil || k.group == group || (group == "core" && k.group.isEmpty))
                && (k.kind.lowercased() == base || k.resource == base || k.singular == base
                    || k.shortNames.contains(base))
        }
    }

    /// The kind of an audit `objectRef` resource (`deployments` in group `apps`).
    public static func forResource(_ resource: String, group: String) -> KubeKind? {
        known.first { $0.resource == resource && $0.group == group }
    }

    /// The known kind with this exact kind name and group.
    public static func forKind(_ kind: String, group: String) -> KubeKind? {
        known.first { $0.kind == kind && $0.group == group }
    }

    /// Whether objects of kind `kind` in `group` are namespaced (unknown kinds: assumed namespaced
    /// unless they have no namespace).
    public static func isNamespaced(kind: String, group: String) -> Bool? {
        forKind(kind, group: group)?.isNamespaced
    }
}

extension KubeKind {
    /// kubectl's resource name for messages: `pods`, `deployments.apps`; for a kind it does not
    /// know, ``ResourceResolver/plural(of:)`` of the kind, with the group when one is given.
    public static func resourceName(kind: String, group: String?) -> String {
        if let k = group.flatMap({ forKind(kind, group: $0) }) ?? lookup(kind) {
            return k.group.isEmpty ? k.resource : "\(k.resource).\(k.group)"
        }
        let plural = ResourceResolver.plural(of: kind)
        guard let group, !group.isEmpty else { return plural }
        return "\(plural).\(group)"
    }
}
