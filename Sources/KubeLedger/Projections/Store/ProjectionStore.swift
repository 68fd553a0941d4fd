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
        LiveObjectsProjection.self,
    ]

    public init(ledger: Ledger, interval: UInt64 = ProjectionStore.defaultInterval) {
        self.ledger = ledger
        self.interval = max(interval, 1)
    }

    /// A snapshot waiting to be stored.
    typealias PendingSnapshot = (revision: UInt64, bytes: [UInt8], checksum: [UInt8])

    /// Folds every projection up to the head, storing a snapshot at each multiple of
    /// ``interval`` on the way; returns the number of events folded.
    /// With `snapshotHead`, a snapshot is also stored at the head (as `replay` does), so the
    /// checkpoint reaches the last revision.
    ///
    /// Each projection resumes from its own checkpoint (a store written before a projection
    /// existed has none for it, so that one folds from revision 1 once); events that only the
    /// live set lacks are read without their bodies.
    @discardableResult
    public func catchUp(snapshotHead: Bool = false, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        let head = try ledger.lastRevision()
        // Start from the oldest checkpoint among the projections; each folds only what it lacks.
        let (pods, p) = try loadLatest(PodsProjection.self)
        let (rollouts, r) = try loadLatest(RolloutsProjection.self)
        let (identity, i) = try loadLatest(StatefulSetIdentityProjection.self)
        let (daemonSets, d) = try loadLatest(DaemonSetsProjection.self)
        let (live, l) = try loadLatest(LiveObjectsProjection.self)
        var set = ClusterProjections(pods: pods, rollouts: rollouts, identity: identity, daemonSets: daemonSets, live: live)
        // Where the stored snapshots are (not what they claim: `replay --verify` must still see a
        // damaged one, rather than a catch-up folding over it).
        let from = min(p, r, i, d, l)
        let firstBoundary = (from / interval + 1) * interval
        guard firstBoundary <= head || (snapshotHead && from < head) else { return 0 }
        var pending: [[PendingSnapshot]] = Array(repeating: [], count: Self.all.count)
        var folded: UInt64 = 0
        let to = snapshotHead ? head : head / interval * interval
        let visit = { (e: RecordedEvent) throws -> Bool in
            set.apply(e)  // one parse per event for the four body projections
            folded += 1
            if e.revision % interval == 0 || (snapshotHead && e.revision == head) {
                // Only a projection that folded up to here has its state at this revision.
                for (index, state) in Self.states(of: set).enumerated() where state.lastRevision == e.revision {
                    pending[index].append((e.revision, state.encoded(), state.checksum))
                }
                // At most 8 snapshots, or 32 MiB of them, wait for one write transaction: large
                // states must not pile up in memory (issue 5: 10M events in 512 MiB).
                if pending.contains(where: { $0.count >= 8 }) || pending.joined().reduce(0, { $0 + $1.bytes.count }) > 32 << 20 {
                    try flush(&pending)
                }
                progress?(e.revision, head)
            }
            return true
        }
        // Events only the live set lacks: headers only.
        let bodyFrom = min(p, r, i, d, to)
        if from < bodyFrom {
            var filter = EventFilter()
            filter.fromRevision = from + 1
            filter.toRevision = bodyFrom
            try ledger.scan(filter, includeBody: false, visit)
        }
        if max(from, bodyFrom) < to {
            var filter = EventFilter()
            filter.fromRevision = max(from, bodyFrom) + 1
            filter.toRevision = to
            try ledger.scan(filter, visit)
        }
        try flush(&pending)
        return folded
    }

    /// The five projections of `set`, in the order of ``all``.
    static func states(of set: ClusterProjections) -> [any Projection] {
        [set.pods, set.rollouts, set.identity, set.daemonSets, set.live]
    }

    private func flush(_ pending: inout [[PendingSnapshot]]) throws {
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
