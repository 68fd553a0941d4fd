public import Ledger

/// All five projections folded together: ``PodsProjection``, ``RolloutsProjection``,
/// ``StatefulSetIdentityProjection``, ``DaemonSetsProjection`` and ``LiveObjectsProjection``.
///
/// Catch-up and rebuild fold every event through all five; doing it here reads each event's
/// body once (a pod event is picked into one ``PodSummary`` shared by the Pods, identity and
/// DaemonSets folds) instead of once per projection. The result is the same as folding each
/// projection on its own: each one keeps its own state, ``Projection/encoded()`` and checksum.
/// The live set needs only the envelope, so it folds events whose body was not read too.
///
/// ```swift
/// var set = ClusterProjections()
/// for event in events { set.apply(event) }
/// let snapshot = set.encoded()
/// let restored = try ClusterProjections(decoding: snapshot)
/// assert(restored.checksum == set.checksum)
/// assert(restored.pods.checksum == set.pods.checksum)
/// ```
public struct ClusterProjections: Projection, Equatable {
    public static let name = "cluster"
    public internal(set) var pods: PodsProjection
    public internal(set) var rollouts: RolloutsProjection
    public internal(set) var identity: StatefulSetIdentityProjection
    public internal(set) var daemonSets: DaemonSetsProjection
    public internal(set) var live: LiveObjectsProjection

    /// Empty projections.
    public init() {
        self.init(pods: PodsProjection(), rollouts: RolloutsProjection(), identity: StatefulSetIdentityProjection(), daemonSets: DaemonSetsProjection())
    }

    /// The set of `pods`, `rollouts`, `identity`, `daemonSets` and `live` (for example restored
    /// from their own snapshots, possibly at different revisions).
    public init(
        pods: PodsProjection, rollouts: RolloutsProjection, identity: StatefulSetIdentityProjection, daemonSets: DaemonSetsProjection,
        live: LiveObjectsProjection = LiveObjectsProjection()
    ) {
        self.pods = pods
        self.rollouts = rollouts
        self.identity = identity
        self.daemonSets = daemonSets
        self.live = live
    }

    /// The lowest ``Projection/lastRevision`` of the five (where a catch-up must resume).
    public var lastRevision: UInt64 {
        min(pods.lastRevision, rollouts.lastRevision, identity.lastRevision, daemonSets.lastRevision, live.lastRevision)
    }

    /// Folds one event into each projection that has not seen it yet (reading its body once).
    public mutating func apply(_ event: RecordedEvent) {
        let r = event.revision
        live.apply(event)  // ignores revisions it has folded
        guard r > pods.lastRevision || r > rollouts.lastRevision || r > identity.lastRevision || r > daemonSets.lastRevision else { return }
        let c = EventContext(event)
        fold(c, group: event.object.group, body: event.body)
    }

    /// Folds an event into each projection whose ``Projection/lastRevision`` is below it, as
    /// each projection's own `apply` would, with one ``PodSummary`` for the three pod folds.
    mutating func fold(_ c: EventContext, group: String, body: [UInt8]?) {
        let r = c.revision
        let toPods = r > pods.lastRevision, toRollouts = r > rollouts.lastRevision
        let toIdentity = r > identity.lastRevision, toDaemonSets = r > daemonSets.lastRevision
        if toPods { pods.lastRevision = r }
        if toRollouts { rollouts.lastRevision = r }
        if toIdentity { identity.lastRevision = r }
        if toDaemonSets { daemonSets.lastRevision = r }
        if group.isEmpty && c.kind == "Pod" {
            guard toPods || toIdentity || toDaemonSets else { return }
            let summary = body.flatMap(PodSummary.init(json:))
            if toPods { pods.fold(c, summary: summary) }
            if toIdentity { identity.foldPod(c, summary: summary) }
            if toDaemonSets { daemonSets.foldPod(c, summary: summary) }
            return
        }
        if toRollouts, group == "apps" || group == "extensions" { rollouts.fold(c, body: body) }
        if toIdentity { identity.fold(c, group: group, body: body) }
        if toDaemonSets { daemonSets.fold(c, group: group, body: body) }
    }

    /// The checksums of the five projections, by ``Projection/name``.
    public var checksums: [(name: String, checksum: [UInt8])] {
        [
            (PodsProjection.name, pods.checksum), (RolloutsProjection.name, rollouts.checksum),
            (StatefulSetIdentityProjection.name, identity.checksum), (DaemonSetsProjection.name, daemonSets.checksum),
            (LiveObjectsProjection.name, live.checksum),
        ]
    }

    /// 2: the live set was added.
    static let snapshotVersion: UInt64 = 2

    /// The five snapshots, each as its projection writes it, one after another.
    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(pods.encoded())
        w.write(rollouts.encoded())
        w.write(identity.encoded())
        w.write(daemonSets.encoded())
        w.write(live.encoded())
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        let p = try PodsProjection(decoding: Array(try r.readBytes()))
        let ro = try RolloutsProjection(decoding: Array(try r.readBytes()))
        let i = try StatefulSetIdentityProjection(decoding: Array(try r.readBytes()))
        let d = try DaemonSetsProjection(decoding: Array(try r.readBytes()))
        let l = try LiveObjectsProjection(decoding: Array(try r.readBytes()))
        try r.finish()
        self.init(pods: p, rollouts: ro, identity: i, daemonSets: d, live: l)
    }
}
