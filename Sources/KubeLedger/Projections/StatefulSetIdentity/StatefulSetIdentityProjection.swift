public import Ledger

/// StatefulSet identity and volume bindings over time: per set and ordinal, the pod name,
/// hostname, DNS name, the claims of each volumeClaimTemplate and the volumes they are bound
/// to, and every pod uid with the nodes it ran on.
///
/// Everything is folded from the objects' own events (StatefulSets, their pods by controller
/// ownerReference, every PersistentVolumeClaim and PersistentVolume), so scale-down/up,
/// retention policies and re-created claims show what Kubernetes did (§3, §5, §8 #25–#30,
/// #36, #39, #40). Query with ``identity(namespace:name:)``.
public struct StatefulSetIdentityProjection: Projection, Equatable {
    public static let name = "statefulset-identity"
    public internal(set) var lastRevision: UInt64 = 0
    /// StatefulSets by `namespace/name` (kept after deletion).
    public internal(set) var sets: [String: StatefulSetInfo] = [:]
    /// Pod incarnations of StatefulSet pods, by uid: the live ones and, unless
    /// ``keepsAllIncarnations``, the ``retainedEndedIncarnations`` (up to twice as many) that
    /// ended most recently, so the cluster-wide state and its snapshots do not grow with the
    /// history. `kubeledger identity` folds one set's own events with every incarnation.
    public internal(set) var pods: [String: StatefulPodIncarnation] = [:]
    /// Ended incarnations kept by a bounded projection (the default).
    public static let retainedEndedIncarnations = 1_000
    /// Whether every ended incarnation is kept (not part of the state or its snapshot).
    public let keepsAllIncarnations: Bool
    /// The uid of the live pod `namespace/name`.
    var livePods: [String: String] = [:]
    /// Every PersistentVolumeClaim by `namespace/name`: its incarnations, oldest first.
    public internal(set) var claims: [String: [ClaimIncarnation]] = [:]
    /// Every PersistentVolume by name.
    public internal(set) var volumes: [String: VolumeInfo] = [:]

    public init() { keepsAllIncarnations = false }

    /// A projection that keeps every pod incarnation, for one StatefulSet's complete identity.
    public init(keepingAllIncarnations: Bool) { keepsAllIncarnations = keepingAllIncarnations }

    /// Drops the ended incarnations that ended longest ago down to
    /// ``retainedEndedIncarnations``. Depends only on the state (fold and restore agree).
    mutating func evictEnded() {
        let ended = pods.values.filter { $0.deleted != nil && livePods[$0.namespace + "/" + $0.podName] != $0.uid }
            .map { (end: $0.deleted!.revision, uid: $0.uid) }
            .sorted { ($0.end, $0.uid) < ($1.end, $1.uid) }
        for entry in ended.prefix(max(ended.count - Self.retainedEndedIncarnations, 0)) { pods[entry.uid] = nil }
    }

    public mutating func apply(_ event: RecordedEvent) {
        guard event.revision > lastRevision else { return }
        lastRevision = event.revision
        fold(EventContext(event), group: event.object.group, body: event.body)
    }

    mutating func fold(_ c: EventContext, group: String, body: [UInt8]?) {
        lastRevision = max(lastRevision, c.revision)
        switch (group, c.kind) {
        case ("apps", "StatefulSet"): foldSet(c, body)
        case ("", "Pod"): foldPod(c, body)
        case ("", "PersistentVolumeClaim"): foldClaim(c, body)
        case ("", "PersistentVolume"): foldVolume(c, body)
        default: return
        }
    }

    // MARK: - StatefulSets

    private mutating func foldSet(_ c: EventContext, _ body: [UInt8]?) {
        let f = body.flatMap(SetFields.read)
        let namespace = f?.namespace.nilIfEmpty ?? c.namespace
        let name = f?.name.nilIfEmpty ?? c.name
        guard !name.isEmpty else { return }
        let key = namespace + "/" + name
        var s = sets[key] ?? StatefulSetInfo(namespace: namespace, name: name, created: LogPoint(c))
        defer { sets[key] = s }
        if c.verb == .delete, c.deleteRemoves(gracePeriod: nil, finalizers: f?.finalizers ?? 0) {
            s.deleted = LogPoint(c)
            return
        }
        guard let f else { return }
        if !f.uid.isEmpty && f.uid != s.uid {
            if !s.uid.isEmpty { s.created = LogPoint(c) }
            s.uid = f.uid
        }
        s.deleted = nil
        if s.replicaHistory.last?.replicas != f.replicas || s.replicaHistory.isEmpty {
            s.replicaHistory.append(ReplicasAt(at: LogPoint(c), replicas: f.replicas))
        }
        s.replicas = f.replicas
        s.ordinalStart = f.ordinalStart
        s.serviceName = f.serviceName
        s.claimTemplates = f.claimTemplates
        s.whenScaled = f.whenScaled
        s.whenDeleted = f.whenDeleted
    }

    // MARK: - Pods

    private mutating func foldPod(_ c: EventContext, _ body: [UInt8]?) {
        foldPod(c, summary: body.flatMap(PodSummary.init(json:)))
    }

    /// Folds a pod event whose body was already picked (`nil`: no usable body).
    mutating func foldPod(_ c: EventContext, summary: PodSummary?) {
        lastRevision = max(lastRevision, c.revision)
        guard let s = summary else {
            let podKey = c.key
            if c.verb == .delete, let uid = livePods[podKey] { endPod(uid: uid, key: podKey, at: c) }
            return
        }
        let namespace = s.namespace.nilIfEmpty ?? c.namespace
        let name = s.name.nilIfEmpty ?? c.name
        guard let owner = s.owner, owner.kind == "StatefulSet", name.hasPrefix(owner.name + "-"),
            let ordinal = Int(name.dropFirst(owner.name.count + 1)), ordinal >= 0
        else {
            // Not a StatefulSet pod (most pods): the key is built only for a delete.
            if c.verb == .delete {
                let key = namespace + "/" + name
                if let uid = livePods[key] { endPod(uid: uid, key: key, at: c) }
            }
            return
        }
        let key = namespace + "/" + name
        var uid = s.uid.nilIfEmpty ?? c.uid
        if uid.isEmpty { uid = livePods[key] ?? "\(key)@\(c.revision)" }
        if let live = livePods[key], live != uid { endPod(uid: live, key: key, at: c) }
        let point = LogPoint(c)
        let removed = c.deleteRemoves(gracePeriod: s.deletionGracePeriodSeconds, finalizers: s.finalizerCount)
        // In place: a copy would copy the node list.
        Self.update(
            &pods[
                uid,
                default: StatefulPodIncarnation(
                    uid: uid, namespace: namespace, setName: owner.name, ordinal: ordinal, podName: name, created: point
                )],
            s, at: point, removed: removed)
        if removed {
            livePods[key] = nil
        } else if livePods[key] != uid {
            livePods[key] = uid
        }
        if !keepsAllIncarnations && pods.count - livePods.count > 2 * Self.retainedEndedIncarnations { evictEnded() }
    }

    private static func update(_ p: inout StatefulPodIncarnation, _ s: PodSummary, at point: LogPoint, removed: Bool) {
        if !s.nodeName.isEmpty && p.nodes.last?.node != s.nodeName {
            p.nodes.append(NodeSpan(node: s.nodeName, from: point))
        }
        p.phase = s.phase
        p.ready = s.isReady
        p.hostname = s.hostname
        p.claimNames = s.claimNames
        if s.deletionTimestamp != nil && p.terminating == nil { p.terminating = point }
        if removed { p.deleted = point }
    }

    private mutating func endPod(uid: String, key: String, at c: EventContext) {
        livePods[key] = nil
        if pods[uid]?.deleted == nil { pods[uid]?.deleted = LogPoint(c) }
    }

    // MARK: - Claims and volumes

    private mutating func foldClaim(_ c: EventContext, _ body: [UInt8]?) {
        let f = body.flatMap(StorageFields.read)
        let namespace = f?.namespace.nilIfEmpty ?? c.namespace
        let name = f?.name.nilIfEmpty ?? c.name
        guard !name.isEmpty else { return }
        let key = namespace + "/" + name
        var list = claims[key] ?? []
        defer { claims[key] = list }
        let point = LogPoint(c)
        let uid = f?.uid.nilIfEmpty ?? c.uid
        if list.isEmpty || (!uid.isEmpty && list[list.count - 1].uid != uid && !list[list.count - 1].uid.isEmpty)
            || list[list.count - 1].deleted != nil
        {
            if c.verb == .delete && f == nil { return }
            if !list.isEmpty && list[list.count - 1].deleted == nil { list[list.count - 1].deleted = point }
            list.append(ClaimIncarnation(uid: uid, created: point))
        }
        var claim = list[list.count - 1]
        if claim.uid.isEmpty { claim.uid = uid }
        if let f {
            if !f.volumeName.isEmpty && f.volumeName != claim.volumeName {
                claim.bindings.append(VolumeSpan(volume: f.volumeName, from: point))
            }
            claim.volumeName = f.volumeName
            claim.phase = f.phase
            claim.ownerPodUID = f.ownerPodUID
            if f.deletionTimestamp != nil && claim.terminating == nil { claim.terminating = point }
        }
        if c.deleteRemoves(gracePeriod: nil, finalizers: f?.finalizers ?? 0) { claim.deleted = point }
        list[list.count - 1] = claim
    }

    private mutating func foldVolume(_ c: EventContext, _ body: [UInt8]?) {
        let f = body.flatMap(StorageFields.read)
        let name = f?.name.nilIfEmpty ?? c.name
        guard !name.isEmpty else { return }
        var v = volumes[name] ?? VolumeInfo(name: name)
        if let f {
            v.uid = f.uid
            v.claimNamespace = f.claimNamespace
            v.claimName = f.claimName
            v.claimUID = f.claimUID
            v.phase = f.phase
            v.reclaimPolicy = f.reclaimPolicy
        }
        v.deleted = c.deleteRemoves(gracePeriod: nil, finalizers: f?.finalizers ?? 0) ? LogPoint(c) : nil
        volumes[name] = v
    }
}

/// A StatefulSet's identity-relevant spec.
public struct StatefulSetInfo: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var uid = ""
    /// `spec.replicas` (default 1).
    public var replicas = 1
    /// `spec.ordinals.start` (default 0).
    public var ordinalStart = 0
    /// `spec.serviceName` (the governing headless Service).
    public var serviceName = ""
    /// Names of `spec.volumeClaimTemplates`.
    public var claimTemplates: [String] = []
    /// `persistentVolumeClaimRetentionPolicy.whenScaled` (default `Retain`).
    public var whenScaled = "Retain"
    /// `persistentVolumeClaimRetentionPolicy.whenDeleted` (default `Retain`).
    public var whenDeleted = "Retain"
    /// When this set (this uid) was first seen.
    public var created: LogPoint
    /// When it was deleted, if it is.
    public var deleted: LogPoint?
    /// `spec.replicas` over time.
    public var replicaHistory: [ReplicasAt] = []

    public init(namespace: String, name: String, created: LogPoint) {
        self.namespace = namespace
        self.name = name
        self.created = created
    }
}

/// A replica count from a point on.
public struct ReplicasAt: Sendable, Hashable {
    public var at: LogPoint
    public var replicas: Int
}

/// One pod uid of a StatefulSet ordinal.
public struct StatefulPodIncarnation: Sendable, Hashable {
    public var uid: String
    public var namespace: String
    public var setName: String
    public var ordinal: Int
    public var podName: String
    /// `spec.hostname` as the controller set it.
    public var hostname = ""
    public var phase = ""
    public var ready = false
    /// Claim names the pod mounts.
    public var claimNames: [String] = []
    /// Nodes it was bound to, oldest first (a pod never moves, so usually one).
    public var nodes: [NodeSpan] = []
    public var created: LogPoint
    /// When deletionTimestamp was first seen.
    public var terminating: LogPoint?
    public var deleted: LogPoint?

    /// The node it runs (or last ran) on.
    public var node: String? { nodes.last?.node }
}

/// A node from a point on.
public struct NodeSpan: Sendable, Hashable {
    public var node: String
    public var from: LogPoint
}

/// A volume binding from a point on.
public struct VolumeSpan: Sendable, Hashable {
    public var volume: String
    public var from: LogPoint
}

/// One uid of a PersistentVolumeClaim name.
public struct ClaimIncarnation: Sendable, Hashable {
    public var uid: String
    /// `spec.volumeName` (empty until bound).
    public var volumeName = ""
    /// `status.phase`.
    public var phase = ""
    /// `spec.volumeName` over time.
    public var bindings: [VolumeSpan] = []
    public var created: LogPoint
    public var terminating: LogPoint?
    public var deleted: LogPoint?
    /// The uid of the pod its `ownerReferences` name (set by a `Delete` retention policy), empty
    /// when none.
    public var ownerPodUID = ""

    init(uid: String, created: LogPoint) {
        self.uid = uid
        self.created = created
    }
}

/// A PersistentVolume's binding pointer.
public struct VolumeInfo: Sendable, Hashable {
    public var name: String
    public var uid = ""
    public var claimNamespace = ""
    public var claimName = ""
    /// `spec.claimRef.uid` (empty for a reservation without uid).
    public var claimUID = ""
    public var phase = ""
    public var reclaimPolicy = ""
    public var deleted: LogPoint?

    init(name: String) { self.name = name }
}

extension StatefulSetIdentityProjection: PodSummaryFolding {}
