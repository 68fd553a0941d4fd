/// One API request of the generated history: who did what to which object, and the object after it.
public struct GeneratedEvent: Sendable, Equatable {
    /// `create`, `update`, `patch` or `delete`; `get`, `list` or `watch` for read events
    /// (only with ``GeneratorOptions/includeReads``).
    public var verb: String
    /// The subresource written, e.g. `status` or `binding`; nil for the main resource. Binding
    /// events carry the bound pod as ``object``.
    public var subresource: String?
    /// Cluster time of the request's completion, in nanoseconds since the Unix epoch (always a
    /// whole number of microseconds, so audit timestamps carry it exactly).
    public var occurredAtNanos: Int64
    /// The user name (`system:serviceaccount:kube-system:replicaset-controller`, `alice@example.com`…).
    public var actor: String
    /// The user's groups.
    public var groups: [String]
    /// The client's user agent.
    public var userAgent: String
    /// The client's IP address.
    public var sourceIP: String
    /// `v1` or `apps/v1`.
    public var apiVersion: String
    /// `Pod`, `ReplicaSet`, `Deployment`, `StatefulSet`, `DaemonSet`, `ControllerRevision`,
    /// `PersistentVolumeClaim`, `PersistentVolume` or `Node`.
    public var kind: String
    /// The namespace; nil for cluster-scoped objects (Nodes, PersistentVolumes).
    public var namespace: String?
    /// The object's name.
    public var name: String
    /// The object's `metadata.uid`.
    public var uid: String
    /// The object's `metadata.resourceVersion` after the request (decimal; one more than the
    /// previous event's). Empty for read events.
    public var resourceVersion: String
    /// A UUID-shaped request id, unique in the history and stable for a seed.
    public var auditID: String
    /// The whole object after the request as compact JSON (UTF-8); for a delete, its last state.
    /// Empty for read events.
    public var object: [UInt8]
    /// The request body when it is not the object itself: a patch document, a `Binding`, or
    /// `DeleteOptions`. Nil when the client sent the object (create, update).
    public var requestObject: [UInt8]?
    /// Whether the pod was created with `generateName` (audit `objectRef` then has no name).
    public var generatedName: Bool
    /// The `fieldManager` query parameter kubectl sends (`kubectl-create`, `kubectl-set`…); nil for
    /// controllers, which send none.
    public var fieldManager: String?

    /// Creates an event from its parts.
    public init(
        verb: String, subresource: String? = nil, occurredAtNanos: Int64, actor: String,
        groups: [String], userAgent: String, sourceIP: String, apiVersion: String, kind: String,
        namespace: String?, name: String, uid: String, resourceVersion: String, auditID: String,
        object: [UInt8], requestObject: [UInt8]? = nil, generatedName: Bool = false,
        fieldManager: String? = nil
    ) {
        self.verb = verb
        self.subresource = subresource
        self.occurredAtNanos = occurredAtNanos
        self.actor = actor
        self.groups = groups
        self.userAgent = userAgent
        self.sourceIP = sourceIP
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.auditID = auditID
        self.object = object
        self.requestObject = requestObject
        self.generatedName = generatedName
        self.fieldManager = fieldManager
    }

    /// True for `get`, `list` and `watch`: events an importer must skip.
    public var isRead: Bool {
        verb == "get" || verb == "list" || verb == "watch"
    }

    /// The lowercase plural resource name (`pods`, `replicasets`, `persistentvolumeclaims`…).
    public var resource: String {
        switch kind {
        case "Pod": "pods"
        case "ReplicaSet": "replicasets"
        case "Deployment": "deployments"
        case "StatefulSet": "statefulsets"
        case "DaemonSet": "daemonsets"
        case "ControllerRevision": "controllerrevisions"
        case "PersistentVolumeClaim": "persistentvolumeclaims"
        case "PersistentVolume": "persistentvolumes"
        case "Node": "nodes"
        case "Namespace": "namespaces"
        default: kind.lowercased() + "s"
        }
    }
}

// MARK: - Renderers

extension GeneratedEvent {
    /// Appends the KubeLedger native event line (`kubeledger append --format events`), without
    /// the trailing newline:
    /// `{"verb":…,"subresource":…,"occurredAt":…,"actor":…,"groups":[…],`
    /// `"userAgent":…,"sourceIP":…,"eventID":…,"resourceVersion":…,"object":{…}}`.
    /// `subresource` is left out when nil. Appends nothing for read events.
    public func appendNativeLine(to buffer: inout [UInt8]) {
        guard !isRead else { return }
        buffer.raw("{\"verb\":")
        buffer.string(verb)
        if let subresource {
            buffer.raw(",\"subresource\":")
            buffer.string(subresource)
        }
        buffer.raw(",\"occurredAt\":")
        buffer.quotedTimestamp(occurredAtNanos, .nanos)
        buffer.raw(",\"actor\":")
        buffer.string(actor)
        buffer.raw(",\"groups\":")
        appendGroups(to: &buffer)
        buffer.raw(",\"userAgent\":")
        buffer.string(userAgent)
        buffer.raw(",\"sourceIP\":")
        buffer.string(sourceIP)
        buffer.raw(",\"eventID\":")
        buffer.string(auditID)
        buffer.raw(",\"resourceVersion\":")
        buffer.string(resourceVersion)
        buffer.raw(",\"object\":")
        buffer.append(contentsOf: object)
        buffer.append(0x7D)
    }

    /// Appends a watch stream line (`kubectl get … -w -o json --output-watch-events`), without the
    /// trailing newline: `{"type":"ADDED"|"MODIFIED"|"DELETED","object":{…}}`. Appends nothing
    /// for read events.
    public func appendWatchLine(to buffer: inout [UInt8]) {
        guard !isRead else { return }
        switch verb {
        case "create": buffer.raw("{\"type\":\"ADDED\",\"object\":")
        case "delete": buffer.raw("{\"type\":\"DELETED\",\"object\":")
        default: buffer.raw("{\"type\":\"MODIFIED\",\"object\":")
        }
        buffer.append(contentsOf: object)
        buffer.append(0x7D)
    }

    /// Appends an audit log line (`audit.k8s.io/v1` `Event`, stage `ResponseComplete`), without
    /// the trailing newline. Mutations are at `RequestResponse` level (`requestObject` and
    /// `responseObject`; code 201 for create, 200 otherwise; a create through `generateName` has
    /// no `objectRef.name`); read events are at `Metadata` level.
    public func appendAuditLine(to buffer: inout [UInt8]) {
        let read = isRead
        buffer.raw("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":")
        if read { buffer.raw("\"Metadata\"") } else { buffer.raw("\"RequestResponse\"") }
        buffer.raw(",\"auditID\":")
        buffer.string(auditID)
        buffer.raw(",\"stage\":\"ResponseComplete\",\"requestURI\":\"")
        appendRequestURI(to: &buffer)
        buffer.raw("\",\"verb\":")
        buffer.string(verb)
        buffer.raw(",\"user\":{\"username\":")
        buffer.string(actor)
        buffer.raw(",\"groups\":")
        appendGroups(to: &buffer)
        buffer.raw("},\"sourceIPs\":[")
        buffer.string(sourceIP)
        buffer.raw("],\"userAgent\":")
        buffer.string(userAgent)
        buffer.raw(",\"objectRef\":{\"resource\":")
        buffer.string(resource)
        if let namespace {
            buffer.raw(",\"namespace\":")
            buffer.string(namespace)
        }
        let hideName = verb == "create" && generatedName
        if !name.isEmpty && !hideName {
            buffer.raw(",\"name\":")
            buffer.string(name)
        }
        if !read && verb != "create" {
            buffer.raw(",\"uid\":")
            buffer.string(uid)
        }
        if apiVersion.hasPrefix("apps/") {
            buffer.raw(",\"apiGroup\":\"apps\",\"apiVersion\":\"v1\"")
        } else {
            buffer.raw(",\"apiVersion\":\"v1\"")
        }
        if !read && verb != "create" {
            buffer.raw(",\"resourceVersion\":")
            buffer.string(resourceVersion)
        }
        if let subresource {
            buffer.raw(",\"subresource\":")
            buffer.string(subresource)
        }
        buffer.raw("},\"responseStatus\":{\"metadata\":{},\"code\":")
        buffer.int(verb == "create" ? 201 : 200)
        buffer.append(0x7D)
        if !read {
            buffer.raw(",\"requestObject\":")
            if let requestObject {
                buffer.append(contentsOf: requestObject)
            } else {
                buffer.append(contentsOf: object)
            }
            buffer.raw(",\"responseObject\":")
            buffer.append(contentsOf: object)
        }
        // The request took a little while: 0.4–9.4 ms, derived from the event so it is stable.
        let latency = 400_000 + (occurredAtNanos / 1000 % 9_001) * 1000
        buffer.raw(",\"requestReceivedTimestamp\":")
        buffer.quotedTimestamp(occurredAtNanos - latency, .micros)
        buffer.raw(",\"stageTimestamp\":")
        buffer.quotedTimestamp(occurredAtNanos, .micros)
        buffer.raw(
            ",\"annotations\":{\"authorization.k8s.io/decision\":\"allow\",\"authorization.k8s.io/reason\":"
        )
        if actor.hasPrefix("system:node:") {
            buffer.raw("\"\"}}")  // the Node authorizer gives no reason
            return
        }
        let (binding, role, subjectKind, subject) = authorization
        buffer.raw("\"RBAC: allowed by ClusterRoleBinding \\\"")
        buffer.escaped(binding)
        buffer.raw("\\\" of ClusterRole \\\"")
        buffer.escaped(role)
        buffer.raw("\\\" to ")
        buffer.escaped(subjectKind)
        buffer.raw(" \\\"")
        buffer.escaped(subject)
        buffer.raw("\\\"\"}}")
    }

    /// The RBAC binding that allowed the request: (binding, role, subject kind, subject).
    private var authorization: (String, String, String, String) {
        let saPrefix = "system:serviceaccount:"
        if actor.hasPrefix(saPrefix) {
            let rest = actor.dropFirst(saPrefix.count)
            let colon = rest.firstIndex(of: ":") ?? rest.endIndex
            let namespace = String(rest[..<colon])
            let name = colon < rest.endIndex ? String(rest[rest.index(after: colon)...]) : ""
            if name.hasPrefix("ebs-csi") {
                return (
                    "ebs-csi-provisioner-binding", "ebs-external-provisioner-role", "ServiceAccount",
                    name + "/" + namespace
                )
            }
            return ("system:controller:" + name, "system:controller:" + name, "ServiceAccount", name + "/" + namespace)
        }
        if actor.hasPrefix("system:") {
            return (actor, actor, "User", actor)
        }
        return ("platform-admins", "cluster-admin", "Group", "platform-admins")
    }

    private func appendGroups(to buffer: inout [UInt8]) {
        buffer.append(0x5B)
        for (index, group) in groups.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            buffer.string(group)
        }
        buffer.append(0x5D)
    }

    private func appendRequestURI(to buffer: inout [UInt8]) {
        if apiVersion.hasPrefix("apps/") {
            buffer.raw("/apis/apps/v1/")
        } else {
            buffer.raw("/api/v1/")
        }
        if let namespace {
            buffer.raw("namespaces/")
            buffer.escaped(namespace)
            buffer.append(0x2F)
        }
        buffer.escaped(resource)
        let collection = verb == "create" || verb == "list" || (verb == "watch" && name.isEmpty)
        if !collection {
            buffer.append(0x2F)
            buffer.escaped(name)
            if let subresource {
                buffer.append(0x2F)
                buffer.escaped(subresource)
            }
        }
        switch verb {
        case "list": buffer.raw("?limit=500")
        case "watch": buffer.raw("?allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeout=7m41s&watch=true")
        default:
            if let fieldManager {
                buffer.raw("?fieldManager=")
                buffer.escaped(fieldManager)
            }
        }
    }
}
