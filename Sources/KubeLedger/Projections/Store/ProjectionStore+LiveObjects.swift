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
        var state = LiveObjectsProjection()
        if let snap = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: r) {
            state = try LiveObjectsProjection(decoding: snap.bytes)
        }
        guard r - state.lastRevision <= readReach else { return nil }
        if r > state.lastRevision {
            try ledger.scanObjectWrites(from: state.lastRevision + 1, to: r) { state.apply($0) }
        }
        let scope = LiveObjectsProjection.scope(groupKind: groupKind, namespace: namespace, name: name)
        return state.entries(scope: scope) { key in
            (kind == nil || key.kind == kind) && (namespace == nil || key.namespace == namespace)
                && (name == nil || key.name == name)
        }
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
