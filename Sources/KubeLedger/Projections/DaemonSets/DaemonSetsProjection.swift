public import Ledger

/// Which nodes run each DaemonSet's pod: pods are matched to their DaemonSet by controller
/// ownerReference, per node, with the pod's uid; the current placements and the
/// ``retainedEndedPlacements`` (up to twice as many) most recent ended ones are kept, so the
/// state and its snapshots follow the cluster, not its history (every event stays in the log).
public struct DaemonSetsProjection: Projection, Equatable {
    public static let name = "daemonsets"
    public internal(set) var lastRevision: UInt64 = 0
    /// DaemonSets by `namespace/name` (created on their first event or first pod).
    public internal(set) var daemonSets: [String: DaemonSetNodes] = [:]
    /// Live daemon pods: `namespace/pod` → DaemonSet key.
    var livePods: [String: String] = [:]

    /// Ended placements kept per DaemonSet.
    public static let retainedEndedPlacements = 256

    public init() {}

    public mutating func apply(_ event: RecordedEvent) {
        guard event.revision > lastRevision else { return }
        lastRevision = event.revision
        fold(EventContext(event), group: event.object.group, body: event.body)
    }

    /// The DaemonSet `namespace/name`.
    public func daemonSet(namespace: String, name: String) -> DaemonSetNodes? { daemonSets[namespace + "/" + name] }

    mutating func fold(_ c: EventContext, group: String, body: [UInt8]?) {
        lastRevision = max(lastRevision, c.revision)
        if group == "apps" && c.kind == "DaemonSet" {
            let f = body.flatMap(SetFields.read)
            let ns = f?.namespace.nilIfEmpty ?? c.namespace
            let name = f?.name.nilIfEmpty ?? c.name
            guard !name.isEmpty else { return }
            var d = daemonSets[ns + "/" + name] ?? DaemonSetNodes(namespace: ns, name: name)
            if let uid = f?.uid.nilIfEmpty { d.uid = uid }
            d.deleted = c.deleteRemoves(gracePeriod: nil, finalizers: f?.finalizers ?? 0) ? LogPoint(c) : nil
            daemonSets[ns + "/" + name] = d
            return
        }
        guard group.isEmpty && c.kind == "Pod" else { return }
        foldPod(c, summary: body.flatMap(PodSummary.init(json:)))
    }

    /// Folds a pod event whose body was already picked (`nil`: no usable body).
    mutating func foldPod(_ c: EventContext, summary s: PodSummary?) {
        lastRevision = max(lastRevision, c.revision)
        if let s, s.owner?.kind != "DaemonSet", c.verb != .delete {
            return  // Most pods: not a daemon pod, and no placement to end.
        }
        let ns = s?.namespace.nilIfEmpty ?? c.namespace
        let podName = s?.name.nilIfEmpty ?? c.name
        let podKey = ns + "/" + podName
        let point = LogPoint(c)
        guard let s, let owner = s.owner, owner.kind == "DaemonSet" else {
            if c.verb == .delete, let dsKey = livePods[podKey] {
                end(pod: podName, dsKey: dsKey, podKey: podKey, at: point)
            }
            return
        }
        let dsKey = ns + "/" + owner.name
        let uid = s.uid.nilIfEmpty ?? c.uid
        let removed = c.deleteRemoves(gracePeriod: s.deletionGracePeriodSeconds, finalizers: s.finalizerCount)
        // In place: a copy would copy every placement the DaemonSet ever had.
        Self.place(
            &daemonSets[dsKey, default: DaemonSetNodes(namespace: ns, name: owner.name)], s, pod: podName, uid: uid,
            removed: removed, at: point)
        if removed {
            livePods[podKey] = nil
        } else if livePods[podKey] != dsKey {
            livePods[podKey] = dsKey
        }
    }

    private static func place(
        _ d: inout DaemonSetNodes, _ s: PodSummary, pod podName: String, uid: String, removed: Bool, at point: LogPoint
    ) {
        // A placement is the pod on its node; it ends when the pod is gone (or changes uid).
        if let i = d.placements.lastIndex(where: { $0.pod == podName && $0.until == nil }),
            d.placements[i].uid != uid || (d.placements[i].node != s.nodeName && !s.nodeName.isEmpty)
        {
            d.placements[i].until = point
        }
        if let i = d.placements.lastIndex(where: { $0.pod == podName && $0.until == nil }) {
            d.placements[i].phase = s.phase
            d.placements[i].ready = s.isReady
            d.placements[i].terminating = s.deletionTimestamp != nil
            if removed { d.placements[i].until = point }
        } else if !s.nodeName.isEmpty && !removed {
            d.placements.append(
                DaemonPodPlacement(
                    node: s.nodeName, pod: podName, uid: uid, phase: s.phase, ready: s.isReady,
                    terminating: s.deletionTimestamp != nil, since: point))
            trim(&d)
        }
    }

    /// Drops the oldest ended placements once there are twice ``retainedEndedPlacements`` of
    /// them (amortised; depends only on the state, so fold and snapshot restore agree).
    static func trim(_ d: inout DaemonSetNodes) {
        // Called on each new placement; counted only every 64th: O(1) per event in between.
        guard d.placements.count > 2 * retainedEndedPlacements, d.placements.count % 64 == 0 else { return }
        let ended = d.placements.reduce(0) { $0 + ($1.until == nil ? 0 : 1) }
        guard ended > 2 * retainedEndedPlacements else { return }
        var drop = ended - retainedEndedPlacements
        var kept: [DaemonPodPlacement] = []
        kept.reserveCapacity(d.placements.count - drop)
        for p in d.placements {
            if drop > 0, p.until != nil {
                drop -= 1
            } else {
                kept.append(p)
            }
        }
        d.placements = kept
    }

    private mutating func end(pod: String, dsKey: String, podKey: String, at point: LogPoint) {
        livePods[podKey] = nil
        guard let i = daemonSets[dsKey]?.placements.lastIndex(where: { $0.pod == pod && $0.until == nil }) else {
            return
        }
        daemonSets[dsKey]!.placements[i].until = point
    }
}

/// One DaemonSet and where its pods run.
public struct DaemonSetNodes: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var uid = ""
    public var deleted: LogPoint?
    /// Every placement, current and past, in order of appearance.
    public var placements: [DaemonPodPlacement] = []

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Current placements by node name.
    public var nodes: [String: DaemonPodPlacement] {
        var out: [String: DaemonPodPlacement] = [:]
        for p in placements where p.until == nil { out[p.node] = p }
        return out
    }
}

/// A daemon pod on a node.
public struct DaemonPodPlacement: Sendable, Hashable {
    public var node: String
    public var pod: String
    public var uid: String
    public var phase: String
    public var ready: Bool
    public var terminating: Bool
    public var since: LogPoint
    /// When the pod left the node (deleted or replaced), if it did.
    public var until: LogPoint?
}

extension DaemonSetsProjection {
    static let snapshotVersion: UInt64 = 1

    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(lastRevision)
        w.write(daemonSets)
        w.write(livePods)
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        self.init()
        lastRevision = try r.readUInt()
        daemonSets = try r.readMap()
        livePods = try r.readStringMap()
        try r.finish()
    }
}

extension DaemonSetNodes: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(namespace)
        w.write(name)
        w.write(uid)
        w.write(deleted)
        w.write(placements)
    }
    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        namespace = try r.readString()
        name = try r.readString()
        uid = try r.readString()
        deleted = try r.readOptional()
        placements = try r.readArray()
    }
}

extension DaemonPodPlacement: SnapshotCodable {
    func write(to w: inout SnapshotWriter) {
        w.write(node)
        w.write(pod)
        w.write(uid)
        w.write(phase)
        w.write(ready)
        w.write(terminating)
        w.write(since)
        w.write(until)
    }

    init(from r: inout SnapshotReader) throws(ProjectionDecodingError) {
        node = try r.readString()
        pod = try r.readString()
        uid = try r.readString()
        phase = try r.readString()
        ready = try r.readBool()
        terminating = try r.readBool()
        since = try r.read()
        until = try r.readOptional()
    }
}

extension DaemonSetsProjection: PodSummaryFolding {}
