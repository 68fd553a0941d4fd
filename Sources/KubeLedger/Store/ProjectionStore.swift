public import Ledger

/// Keeps projections' read models in the store: each projection has a checkpoint (the last
/// revision folded) and a snapshot every ``interval`` revisions, written together in one LMDB
/// transaction. The append path never folds; projections catch up when queried (or when
/// `replay` asks).
///
/// Time travel to revision R loads the nearest snapshot at or before R and folds forward, so
/// it folds at most ``interval`` events whatever the log's length.
public struct ProjectionStore: Sendable {
    /// The log.
    public let ledger: Ledger
    /// Revisions between snapshots (K). See docs/projections.md for how it was chosen.
    public let interval: UInt64

    /// The default K.
    public static let defaultInterval: UInt64 = 10_000

    /// The projections KubeLedger keeps.
    public static let all: [any Projection.Type] = [
        PodsProjection.self, RolloutsProjection.self, StatefulSetIdentityProjection.self, DaemonSetsProjection.self,
    ]

    public init(ledger: Ledger, interval: UInt64 = ProjectionStore.defaultInterval) {
        self.ledger = ledger
        self.interval = max(interval, 1)
    }

    /// Folds every projection up to the head, storing a snapshot at each multiple of
    /// ``interval`` on the way; returns the number of events folded.
    /// With `snapshotHead`, a snapshot is also stored at the head (as `replay` does), so the
    /// checkpoint reaches the last revision.
    @discardableResult
    public func catchUp(snapshotHead: Bool = false, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        let head = try ledger.lastRevision()
        // Start from the oldest checkpoint among the projections; each folds only what it lacks.
        let (pods, p) = try loadLatest(PodsProjection.self)
        let (rollouts, r) = try loadLatest(RolloutsProjection.self)
        let (identity, i) = try loadLatest(StatefulSetIdentityProjection.self)
        let (daemonSets, d) = try loadLatest(DaemonSetsProjection.self)
        var set = ClusterProjections(pods: pods, rollouts: rollouts, identity: identity, daemonSets: daemonSets)
        let from = min(p, r, i, d)
        let firstBoundary = (from / interval + 1) * interval
        guard firstBoundary <= head || (snapshotHead && from < head) else { return 0 }
        var pending: [[(revision: UInt64, bytes: [UInt8], checksum: [UInt8])]] = Array(repeating: [], count: Self.all.count)
        var folded: UInt64 = 0
        var filter = EventFilter()
        filter.fromRevision = from + 1
        filter.toRevision = snapshotHead ? head : head / interval * interval
        try ledger.scan(filter) { e in
            set.apply(e)  // one parse per event for all four projections
            folded += 1
            if e.revision % interval == 0 || (snapshotHead && e.revision == head) {
                for (index, state) in Self.states(of: set).enumerated() {
                    pending[index].append((e.revision, state.encoded(), state.checksum))
                }
                if pending[0].count >= 8 { try flush(&pending) }
                progress?(e.revision, head)
            }
            return true
        }
        try flush(&pending)
        return folded
    }

    /// The four projections of `set`, in the order of ``all``.
    static func states(of set: ClusterProjections) -> [any Projection] {
        [set.pods, set.rollouts, set.identity, set.daemonSets]
    }

    private func flush(_ pending: inout [[(revision: UInt64, bytes: [UInt8], checksum: [UInt8])]]) throws {
        for (i, type) in Self.all.enumerated() where !pending[i].isEmpty {
            try ledger.storeSnapshots(type.name, pending[i])
            pending[i].removeAll()
        }
    }

    /// The latest stored state of `type` (or an empty one) and the revision it is at.
    func loadLatest<P: Projection>(_ type: P.Type) throws -> (P, UInt64) {
        guard let cp = try ledger.checkpoint(P.name), let snap = try ledger.snapshot(P.name, atOrBefore: cp.revision) else {
            return (P(), 0)
        }
        return (try P(decoding: snap.bytes), snap.revision)
    }

    /// The state of projection `P` at revision `r`: nearest snapshot at or before `r`, folded
    /// forward to `r`. Catches up first, so snapshots exist.
    public func state<P: Projection>(_ type: P.Type, at r: UInt64) throws -> P {
        try catchUp()
        var state = P()
        var from: UInt64 = 0
        if let snap = try ledger.snapshot(P.name, atOrBefore: r) {
            state = try P(decoding: snap.bytes)
            from = snap.revision
        }
        guard r > from else { return state }
        var filter = EventFilter()
        filter.fromRevision = from + 1
        filter.toRevision = r
        try ledger.scan(filter) { e in
            state.apply(e)
            return true
        }
        return state
    }

    /// A mismatch between a rebuilt projection and its stored state.
    public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
        public var projection: String
        public var revision: UInt64
        public var stored: String
        public var rebuilt: String
        public var description: String {
            "projection \(projection) at revision \(revision): stored checksum \(stored.prefix(16))… differs from the rebuilt \(rebuilt.prefix(16))…; run 'kubeledger replay --rebuild'"
        }
    }

    /// Rebuilds every projection from revision 1 in memory and compares its checksum with each
    /// stored snapshot and checkpoint. Returns the first mismatch, or `nil`.
    public func verify(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Mismatch? {
        let head = try ledger.lastRevision()
        var set = ClusterProjections()
        var expected: [[UInt64]] = try Self.all.map { try ledger.snapshotRevisions($0.name) }
        let checkpoints = try Self.all.map { try ledger.checkpoint($0.name) }
        func compare(_ i: Int, at r: UInt64) throws -> Mismatch? {
            guard let snap = try ledger.snapshot(Self.all[i].name, atOrBefore: r), snap.revision == r else { return nil }
            let rebuilt = Self.states(of: set)[i].checksum
            let storedState = try? Self.all[i].init(decoding: snap.bytes)
            let stored = storedState?.checksum ?? []
            if stored != rebuilt {
                return Mismatch(projection: Self.all[i].name, revision: r, stored: Hex.encode(stored), rebuilt: Hex.encode(rebuilt))
            }
            if let cp = checkpoints[i], cp.revision == r, cp.checksum != rebuilt {
                return Mismatch(projection: Self.all[i].name, revision: r, stored: Hex.encode(cp.checksum), rebuilt: Hex.encode(rebuilt))
            }
            return nil
        }
        var mismatch: Mismatch?
        // Snapshots before any event (revision 0) cannot exist; check stored ones as the fold passes them.
        try ledger.scan(EventFilter()) { e in
            set.apply(e)
            for i in Self.all.indices where expected[i].first == e.revision {
                expected[i].removeFirst()
                if let m = try compare(i, at: e.revision) {
                    mismatch = m
                    return false
                }
            }
            if e.revision % 65_536 == 0 { progress?(e.revision, head) }
            return true
        }
        return mismatch
    }

    /// Drops every stored projection state and rebuilds it from the log.
    public func rebuild(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        for type in Self.all { try ledger.dropProjection(type.name) }
        return try catchUp(snapshotHead: true, progress: progress)
    }
}
