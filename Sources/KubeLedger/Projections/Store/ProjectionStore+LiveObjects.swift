public import Ledger

extension ProjectionStore {
    /// The objects live at revision `r`: the nearest ``LiveObjectsProjection`` snapshot at or
    /// before `r`, folded forward over at most ``interval`` event headers
    /// (``Ledger/scanObjectWrites(from:to:chunk:_:)``: four strings of each header, no body).
    /// The cost depends on the live set and K, not on how many objects the log has ever seen.
    ///
    /// On a writable store the live set first catches up to the last multiple of K (headers
    /// only; the other projections are left alone). A store opened read-only cannot store
    /// snapshots: it uses those already there when they are close enough to `r` (at most
    /// 4 K events to fold), and returns `nil` otherwise, as it does when the snapshots cannot
    /// be written; the caller then walks the `objects` index
    /// (``Ledger/liveObjects(groupKind:namespace:atOrBefore:)``), which gives the same answer.
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
    /// - Throws: ``ProjectionDecodingError`` for a damaged snapshot (`kubeledger replay --rebuild`
    ///   rewrites it); ``LedgerError`` or `LMDBError` when the log cannot be read.
    public func liveObjects(
        groupKind: String?, kind: String? = nil, namespace: String? = nil, name: String? = nil, at r: UInt64
    ) throws -> [(key: ObjectKey, entry: LiveObjectsProjection.Entry)]? {
        let head = try ledger.lastRevision()
        let r = min(r, head)
        var reach = interval
        if ledger.isReadOnly {
            reach = 4 * interval
        } else {
            do {
                try catchUpLiveObjects(head: head)
            } catch let error as ProjectionDecodingError {
                throw error
            } catch {
                return nil  // the snapshots cannot be written (map full, permissions): walk the index
            }
        }
        var state = LiveObjectsProjection()
        if let snap = try ledger.snapshot(LiveObjectsProjection.name, atOrBefore: r) {
            state = try LiveObjectsProjection(decoding: snap.bytes)
        }
        guard r - state.lastRevision <= reach else { return nil }
        if r > state.lastRevision {
            try ledger.scanObjectWrites(from: state.lastRevision + 1, to: r) { state.apply($0) }
        }
        let scope = LiveObjectsProjection.scope(groupKind: groupKind, namespace: namespace, name: name)
        return state.entries(scope: scope) { key in
            (kind == nil || key.kind == kind) && (namespace == nil || key.namespace == namespace) && (name == nil || key.name == name)
        }
    }

    /// Folds the live set alone from its checkpoint to the last multiple of ``interval`` at or
    /// before `head`, reading event headers only (``Ledger/scanObjectWrites(from:to:chunk:_:)``),
    /// and stores a snapshot at each multiple; the other projections are left where they are.
    func catchUpLiveObjects(head: UInt64) throws {
        let to = head / interval * interval
        // Usually nothing to do: check the checkpoint before decoding the snapshot.
        guard (try ledger.checkpoint(LiveObjectsProjection.name)?.revision ?? 0) < to else { return }
        let (initial, from) = try loadLatest(LiveObjectsProjection.self)
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
