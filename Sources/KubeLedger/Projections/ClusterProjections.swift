public import Ledger

/// All four projections folded together: ``PodsProjection``, ``RolloutsProjection``,
/// ``StatefulSetIdentityProjection`` and ``DaemonSetsProjection``.
///
/// Catch-up and rebuild fold every event through all four; doing it here reads each event's
/// body once (a pod event is picked into one ``PodSummary`` shared by the Pods, identity and
/// DaemonSets folds) instead of once per projection. The result is the same as folding each
/// projection on its own: each one keeps its own state, ``Projection/encoded()`` and checksum.
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

    /// Empty projections.
    public init() {
        self.init(pods: PodsProjection(), rollouts: RolloutsProjection(), identity: StatefulSetIdentityProjection(), daemonSets: DaemonSetsProjection())
    }

    /// The set of `pods`, `rollouts`, `identity` and `daemonSets` (for example restored from
    /// their own snapshots, possibly at different revisions).
    public init(pods: PodsProjection, rollouts: RolloutsProjection, identity: StatefulSetIdentityProjection, daemonSets: DaemonSetsProjection) {
        self.pods = pods
        self.rollouts = rollouts
        self.identity = identity
        self.daemonSets = daemonSets
    }

    /// The lowest ``Projection/lastRevision`` of the four (where a catch-up must resume).
    public var lastRevision: UInt64 {
        min(pods.lastRevision, rollouts.lastRevision, identity.lastRevision, daemonSets.lastRevision)
    }

    /// Folds one event into each projection that has not seen it yet.
    public mutating func apply(_ event: RecordedEvent) {
        pods.apply(event)
        rollouts.apply(event)
        identity.apply(event)
        daemonSets.apply(event)
    }

    /// The checksums of the four projections, by ``Projection/name``.
    public var checksums: [(name: String, checksum: [UInt8])] {
        [
            (PodsProjection.name, pods.checksum), (RolloutsProjection.name, rollouts.checksum),
            (StatefulSetIdentityProjection.name, identity.checksum), (DaemonSetsProjection.name, daemonSets.checksum),
        ]
    }

    static let snapshotVersion: UInt64 = 1

    /// The four snapshots, each as its projection writes it, one after another.
    public func encoded() -> [UInt8] {
        var w = SnapshotWriter(magic: Self.name, version: Self.snapshotVersion)
        w.write(pods.encoded())
        w.write(rollouts.encoded())
        w.write(identity.encoded())
        w.write(daemonSets.encoded())
        return w.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var r = try SnapshotReader(bytes, magic: Self.name, version: Self.snapshotVersion, projection: Self.name)
        let p = try PodsProjection(decoding: Array(try r.readBytes()))
        let ro = try RolloutsProjection(decoding: Array(try r.readBytes()))
        let i = try StatefulSetIdentityProjection(decoding: Array(try r.readBytes()))
        let d = try DaemonSetsProjection(decoding: Array(try r.readBytes()))
        try r.finish()
        self.init(pods: p, rollouts: ro, identity: i, daemonSets: d)
    }
}
