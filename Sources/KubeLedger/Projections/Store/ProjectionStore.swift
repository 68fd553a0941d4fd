public import Ledger

/// Keeps projections' read models in the store: each registered projection has a checkpoint
/// (the last revision folded) and a snapshot every ``interval`` revisions, written together in
/// one LMDB transaction.
///
/// Only the write side stores anything here: ``catchUp(snapshotHead:progress:)`` and
/// ``rebuild(progress:)`` (run by `replay`), and ``catchUpLiveObjects()`` (run after each ingest
/// commit). Queries never write: ``state(_:at:)`` and ``liveObjects(groupKind:kind:namespace:name:at:)``
/// fold what the stored snapshots lack in memory.
///
/// Time travel to revision R loads the nearest snapshot at or before R and folds forward, so
/// it folds at most ``interval`` events whatever the log's length.
public struct ProjectionStore: Sendable {
    /// The log.
    public let ledger: Ledger
    /// Revisions between snapshots (K). See docs/projections.md for how it was chosen.
    public let interval: UInt64
    /// The projections kept.
    public let registry: ProjectionRegistry

    /// The default K.
    public static let defaultInterval: UInt64 = 10_000

    public init(
        ledger: Ledger, interval: UInt64 = ProjectionStore.defaultInterval,
        registry: ProjectionRegistry = .standard
    ) {
        self.ledger = ledger
        self.interval = max(interval, 1)
        self.registry = registry
    }

    /// A snapshot waiting to be stored.
    typealias PendingSnapshot = (revision: UInt64, bytes: [UInt8], checksum: [UInt8])

    /// Folds every projection up to the head, storing a snapshot at each multiple of
    /// ``interval`` on the way; returns the number of events folded.
    /// With `snapshotHead`, a snapshot is also stored at the head (as `replay` does), so the
    /// checkpoint reaches the last revision.
    ///
    /// Each projection resumes from its own checkpoint (a store written before a projection
    /// existed has none for it, so that one folds from revision 1 once); events that only
    /// projections which do not read bodies lack are read without their bodies.
    @discardableResult
    public func catchUp(snapshotHead: Bool = false, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        let head = try ledger.lastRevision()
        // Start from the oldest checkpoint among the projections; each folds only what it lacks.
        let loaded = try registry.types.map { try loadLatest($0) }
        var set = ClusterProjections(registry: registry, states: loaded.map(\.state))
        // Where the stored snapshots are (not what they claim: `replay --verify` must still see a
        // damaged one, rather than a catch-up folding over it).
        let from = loaded.map(\.revision).min() ?? head
        let firstBoundary = (from / interval + 1) * interval
        guard firstBoundary <= head || (snapshotHead && from < head) else { return 0 }
        var pending: [[PendingSnapshot]] = Array(repeating: [], count: registry.types.count)
        var folded: UInt64 = 0
        let to = snapshotHead ? head : head / interval * interval
        let visit = { (prepared: PreparedEvent) throws -> Bool in
            let e = prepared.event
            set.apply(FoldInput(prepared))  // one parse per event for every projection that reads bodies
            folded += 1
            if e.revision % interval == 0 || (snapshotHead && e.revision == head) {
                // Only a projection that folded up to here has its state at this revision.
                for (index, state) in set.states.enumerated() where state.lastRevision == e.revision {
                    let bytes = state.encoded()
                    pending[index].append((e.revision, bytes, state.checksum(ofEncoded: bytes)))
                }
                // At most 8 snapshots, or 32 MiB of them, wait for one write transaction: large
                // states must not pile up in memory (issue 5: 10M events in 512 MiB).
                if pending.contains(where: { $0.count >= 8 })
                    || pending.joined().reduce(0, { $0 + $1.bytes.count }) > 32 << 20
                {
                    try flush(&pending)
                }
                progress?(e.revision, head)
            }
            return true
        }
        // Events only the projections that read no body lack: headers only.
        let bodyFrom = zip(registry.types, loaded).filter { $0.0.readsBodies }.map(\.1.revision).min() ?? to
        let headersTo = min(bodyFrom, to)
        // Read, decoded and picked on every core a chunk ahead of the fold (PreparedEvent).
        if from < headersTo {
            try ledger.scanPrepared(
                from: from + 1, to: headersTo, includeBody: false, prepare: PreparedEvent.init, visit)
        }
        if max(from, headersTo) < to {
            try ledger.scanPrepared(from: max(from, headersTo) + 1, to: to, prepare: PreparedEvent.init, visit)
        }
        try flush(&pending)
        return folded
    }

    private func flush(_ pending: inout [[PendingSnapshot]]) throws {
        for (i, type) in registry.types.enumerated() where !pending[i].isEmpty {
            try ledger.storeSnapshots(type.name, pending[i])
            pending[i].removeAll()
        }
    }

    /// The latest stored state of `type` (or an empty one) and the revision it is at.
    func loadLatest(_ type: any Projection.Type) throws -> (state: any Projection, revision: UInt64) {
        guard let cp = try ledger.checkpoint(type.name),
            let snap = try ledger.snapshot(type.name, atOrBefore: cp.revision)
        else {
            return (type.init(), 0)
        }
        do {
            return (try type.init(decoding: snap.bytes), snap.revision)
        } catch let e as ProjectionDecodingError where e.isOtherFormatVersion {
            return (type.init(), 0)  // written by a binary that folded differently: fold again
        }
    }

    /// The latest stored state of `P` (or an empty one) and the revision it is at.
    func loadLatest<P: Projection>(_ type: P.Type) throws -> (P, UInt64) {
        let (state, revision) = try loadLatest(type as any Projection.Type)
        return (state as! P, revision)
    }

    /// The state of projection `P` at revision `r`: nearest snapshot at or before `r`, folded
    /// forward to `r` in memory. Writes nothing.
    public func state<P: Projection>(_ type: P.Type, at r: UInt64) throws -> P {
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
        try ledger.scan(filter, includeBody: P.readsBodies) { e in
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
            "projection \(projection) at revision \(revision): stored checksum \(stored.prefix(16))… differs from the"
                + " rebuilt \(rebuilt.prefix(16))…"
        }
    }

    /// Rebuilds every projection from revision 1 in memory and compares its checksum with each
    /// stored snapshot and checkpoint. Returns the first mismatch, or `nil`.
    public func verify(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Mismatch? {
        let head = try ledger.lastRevision()
        var set = ClusterProjections(registry: registry)
        let types = registry.types
        var expected: [[UInt64]] = try types.map { try ledger.snapshotRevisions($0.name) }
        let checkpoints = try types.map { try ledger.checkpoint($0.name) }
        func compare(_ i: Int, at r: UInt64) throws -> Mismatch? {
            guard let snap = try ledger.snapshot(types[i].name, atOrBefore: r), snap.revision == r else { return nil }
            let rebuilt = set.states[i].checksum
            let storedState = try? types[i].init(decoding: snap.bytes)
            let stored = storedState?.checksum ?? []
            if stored != rebuilt {
                return Mismatch(
                    projection: types[i].name, revision: r, stored: Hex.encode(stored), rebuilt: Hex.encode(rebuilt))
            }
            if let cp = checkpoints[i], cp.revision == r, cp.checksum != rebuilt {
                return Mismatch(
                    projection: types[i].name, revision: r, stored: Hex.encode(cp.checksum),
                    rebuilt: Hex.encode(rebuilt))
            }
            return nil
        }
        var mismatch: Mismatch?
        // Snapshots before any event (revision 0) cannot exist; check stored ones as the fold passes them.
        try ledger.scanPrepared(prepare: PreparedEvent.init) { prepared in
            let e = prepared.event
            set.apply(FoldInput(prepared))
            for i in types.indices where expected[i].first == e.revision {
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

    /// Write side, after an append amended provenance at or after revision `m`
    /// (``AppendResult/firstAmendedRevision``): the snapshots of projections that read provenance
    /// from `m` on no longer match the log as it now reads, so they are dropped and each
    /// checkpoint moves back to the snapshot before `m` (the next `replay` folds forward again).
    /// This keeps `replay --verify` exact: a difference it reports is damage, never a late actor.
    public func invalidate(fromAmendedRevision m: UInt64) throws {
        for type in registry.types where type.readsProvenance {
            guard let cp = try ledger.checkpoint(type.name), cp.revision >= m else { continue }
            let previous = m > 1 ? try ledger.snapshot(type.name, atOrBefore: m - 1) : nil
            let checkpoint = try previous.map { ($0.revision, try type.init(decoding: $0.bytes).checksum) }
            try ledger.truncateSnapshots(type.name, from: m, checkpoint: checkpoint)
        }
    }

    /// Drops every stored projection state and rebuilds it from the log.
    public func rebuild(progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        for type in registry.types { try ledger.dropProjection(type.name) }
        try ledger.dropProjection(LiveObjectsProjection.name + Ledger.occurrenceSuffix)
        let folded = try catchUp(snapshotHead: true, progress: progress)
        try catchUpLiveObjectsByOccurrence()
        return folded
    }
}
