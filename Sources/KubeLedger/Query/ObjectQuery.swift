/// Which objects to show at a point in history: a kind, and optionally a namespace, a name and
/// label and field selectors.
public struct ObjectQuery: Sendable, Hashable {
    /// The kind (`Pod`, `Deployment`, or a kind the ledger learned from its objects).
    public var kind: String
    /// The API group (`apps`; empty for core), or `nil` for the kind in any group.
    public var group: String?
    /// One namespace (empty for cluster-scoped kinds), or `nil` for every namespace.
    public var namespace: String?
    /// One object, or `nil` for all.
    public var name: String?
    /// Objects whose labels match.
    public var labelSelector: LabelSelector?
    /// Objects whose fields match.
    public var fieldSelector: FieldSelector?
    /// kubectl's name of the resource for messages (`rollouts.argoproj.io`), when the caller
    /// resolved it (a CRD's plural); otherwise derived from the kind.
    public var resource: String?

    public init(
        kind: String, group: String? = nil, namespace: String? = nil, name: String? = nil,
        labelSelector: LabelSelector? = nil, fieldSelector: FieldSelector? = nil
    ) {
        self.kind = kind
        self.group = group
        self.namespace = namespace
        self.name = name
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }

    /// kubectl's resource name for messages (`pods`, `deployments.apps`).
    public var resourceName: String { resource ?? KubeKind.resourceName(kind: kind, group: group) }
}
