public import Ledger

extension ProjectionStore {
    /// The objects live at revision `r`: the nearest ``LiveObjectsProjection`` snapshot at or
    /// before `r`, folded forward in memory over the event headers after it
    /// (``Ledger/scanObjectWrites(from:to:chunk:_:)``: four strings of each header, no body).
    /// The cost depends on the live set and K, not on how many objects the log has ever seen.
    ///
    /// A pure read: the same code path on a writable and on a read-only store, and nothing is
    /// stored (the write side keeps the snapshots current: ``catchUpLiveObjects()``). When the
    /// nearest snapshot is more than ``readReach`` events before `r` (a store whose read model
    /// lags, written by an older binary or by the `Ledger` API alone), it returns `nil`, and the
    /// caller walks the `objects` index (``Ledger/liveObjects(groupKind:namespace:atOrBefore:)``),
    /// which gives the same answer.
    ///
    /// ```swift
    /// let store = ProjectionStore(ledger: ledger)
    /// let pods = try store.liveObjects(groupKind: "/Pod", namespace: nil, at: 120_000)
    /// ```
    ///
    /// - Parameters:
    ///   - groupKind: `group/kind` (`apps/Deployment`, `/Pod`), or `nil` for every kind.
    ///   - kind: a kind in any group (`Pod`), checked after `groupKind`.
    ///   - namespace: one namespace (empty for cluster-scoped objects), or `nil` for all.
    ///   - name: one name, or `nil` for all.
    ///   - r: the revision (clamped to the head).
    /// - Returns: each live object with the revision and version of the event that last wrote
    ///   it, in key order (the order of the `objects` index), or `nil` when the read model is not
    ///   available.
    /// - Throws: ``ProjectionDecodingError`` for a damaged snapshot (replaying the projections
    ///   rewrites it); ``LedgerError`` when the log cannot be read.
    public func liveObjects(
        groupKind: String?, kind: String? = nil, namespace: String? = nil, name: String? = nil, at r: UInt64
    ) throws -> [(key: ObjectKey, entry: LiveObjectsProjection.Entry)]? {
        let head = try ledger.lastRevision()
        let r = min(r, head)
        let scope = LiveObjectsProjection.scope(groupKind: groupKind, namespace: namespace, name: name)
        // Only the scope's entries are read from the snapshot, and only the scope's writes after it
        // are folded: a query for pods does not decode every live object of every kind.
        var snapshotRevision: UInt64 = 0
        var base: [(key: [UInt8], entry: LiveObjectsProjection.Entry)] = []
        if let snap = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: r) {
            switch Result(catching: { try LiveObjectsProjection.entries(decoding: snap.bytes, scope: scope) }) {
            case .success(let decoded):
                snapshotRevision = decoded.lastRevision
                base = decoded.entries
            case .failure(let e as ProjectionDecodingError) where e.isOtherFormatVersion:
                return nil  // written by another binary: the `objects` index gives the same answer
            case .failure(let e):
                throw e
            }
        }
        guard r - snapshotRevision <= readReach else { return nil }
        // The last write of each key of the scope after the snapshot.
        var changes: [[UInt8]: ObjectWrite] = [:]
        if r > snapshotRevision {
            try ledger.scanObjectWrites(from: snapshotRevision + 1, to: r) { w in
                if w.key.starts(with: scope) { changes[w.key] = w }
            }
        }
        return LiveObjectsProjection.merged(base, changes).compactMap { m in
            guard let key = ObjectKey(encoded: m.key),
                (kind == nil || key.kind == kind) && (namespace == nil || key.namespace == namespace)
                    && (name == nil || key.name == name)
            else { return nil }
            return (key, m.entry)
        }
    }

    /// The objects live in the view `point` folded by position (occurrence time, then
    /// revision), for views that are not a revision prefix (events appended out of occurrence
    /// order, see ``OccurrenceClock``): from the latest live-set snapshot that is a clean cut for
    /// the view (before the first late event, at or before the view's revision and horizon, and
    /// occurred no later than any event appended after the first late one), then every event of
    /// the view after it by position, headers only. Its cost follows the events since that
    /// snapshot. A pure read.
    public func liveObjects(
        groupKind: String?, kind: String? = nil, namespace: String? = nil, name: String? = nil, in point: HistoryPoint
    ) throws -> [(key: ObjectKey, entry: LiveObjectsProjection.Entry)] {
        var state = LiveObjectsProjection()
        var after: (occurredAt: Int64, revision: UInt64)?
        let clock = try ledger.occurrenceClock()
        if let snap = try ledger.occurrenceSnapshot(
            LiveObjectsProjection.name, atOrBefore: point.horizon?.nanoseconds ?? .max, knownThrough: point.revision)
        {
            // Every event that occurred by its time and was appended by its revision; a later
            // append that occurred by then would have removed it.
            state = try LiveObjectsProjection(decoding: snap.bytes)
            after = (snap.occurredAt, .max)
        } else if let firstLate = clock.firstLateRevision, let earliest = clock.earliestOccurrenceSinceFirstLate {
            var bound = min(firstLate - 1, point.revision)
            while bound > 0, let snap = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: bound) {
                if let at = try ledger.occurrenceTimes(at: [snap.revision]).first,
                    at.occurredAt <= earliest, point.includes(revision: snap.revision, occurredAt: at.occurredAt)
                {
                    state = try LiveObjectsProjection(decoding: snap.bytes)
                    after = (at.occurredAt, at.revision)
                    break
                }
                bound = snap.revision - 1
            }
        }
        try ledger.scanPositions(after: after, through: point.horizon?.nanoseconds, maxRevision: point.revision) {
            for w in try ledger.objectWrites(at: $0.map(\.revision)) { state.applyInPositionOrder(w) }
            return true
        }
        let scope = LiveObjectsProjection.scope(groupKind: groupKind, namespace: namespace, name: name)
        return state.entries(scope: scope) { key in
            (kind == nil || key.kind == kind) && (namespace == nil || key.namespace == namespace)
                && (name == nil || key.name == name)
        }
    }

    /// Write side: keeps the live set's occurrence snapshots (``Ledger/storeOccurrenceSnapshots(_:_:foldedThrough:)``)
    /// for logs with late events, so that views by position fold at most about K events: folds
    /// by position from the latest one to the head, storing one every ``interval`` events where
    /// occurrence time moves on. A log appended in order needs none (its revision snapshots serve
    /// every view) and costs one `meta` read; otherwise cheap while fewer than K events came since
    /// the last fold and none was late (a late event removes the snapshots after it and the
    /// checkpoint, and the fold starts again from the one before). Nothing is stored when another
    /// writer appended meanwhile (the next catch-up does it).
    public func catchUpLiveObjectsByOccurrence() throws {
        let clock = try ledger.occurrenceClock()
        guard clock.firstLateRevision != nil else { return }
        let head = clock.revision
        let name = LiveObjectsProjection.name
        if let folded = try ledger.occurrenceCheckpoint(name), head - min(folded, head) < interval { return }
        var state = LiveObjectsProjection()
        var after: (occurredAt: Int64, revision: UInt64)?
        if let snap = try ledger.occurrenceSnapshot(name, atOrBefore: .max) {
            state = try LiveObjectsProjection(decoding: snap.bytes)
            after = (snap.occurredAt, .max)
        }
        var pending: [(occurredAt: Int64, knownThrough: UInt64, bytes: [UInt8])] = []
        var sinceLast = 0
        var lastTime: Int64?
        try ledger.scanPositions(after: after, through: nil, maxRevision: head) { positions in
            let writes = try ledger.objectWrites(at: positions.map(\.revision))
            for (p, w) in zip(positions, writes) {
                // A snapshot at T holds every event that occurred by T: only where time moves on.
                if sinceLast >= Int(interval), let t = lastTime, p.occurredAt > t {
                    pending.append((t, head, state.encoded()))
                    sinceLast = 0
                }
                state.applyInPositionOrder(w)
                lastTime = p.occurredAt
                sinceLast += 1
            }
            return true
        }
        guard try ledger.lastRevision() == head else { return }
        try ledger.storeOccurrenceSnapshots(name, pending, foldedThrough: head)
    }

    /// Events a query folds in memory beyond the nearest live-set snapshot before it walks the
    /// `objects` index instead: 4 K.
    public var readReach: UInt64 { 4 * interval }

    /// Write side: folds the live set alone from its checkpoint to the last multiple of
    /// ``interval`` at or before the head, reading event headers only
    /// (``Ledger/scanObjectWrites(from:to:chunk:_:)``), and stores a snapshot at each multiple;
    /// the other projections are left where they are. Cheap when no multiple was crossed (one
    /// checkpoint read). The ``Ingestor`` runs it after each batch it commits.
    public func catchUpLiveObjects() throws {
        let head = try ledger.lastRevision()
        let to = head / interval * interval
        // Usually nothing to do: check the checkpoint before decoding the snapshot.
        guard (try ledger.checkpoint(LiveObjectsProjection.name)?.revision ?? 0) < to else { return }
        let (initial, from): (LiveObjectsProjection, UInt64) = try loadLatest(LiveObjectsProjection.self)
        guard from < to else { return }
        var state = initial
        var pending: [PendingSnapshot] = []
        try ledger.scanObjectWrites(from: from + 1, to: to) { w in
            state.apply(w)
            if w.revision % interval == 0 {
                pending.append((w.revision, state.encoded(), state.checksum))
                if pending.count >= 8 {
                    try ledger.storeSnapshots(LiveObjectsProjection.name, pending)
                    pending.removeAll()
                }
            }
        }
        try ledger.storeSnapshots(LiveObjectsProjection.name, pending)
    }
}
