public import Ledger

/// Answers per-workload questions (rollout history, StatefulSet identity) by folding only the
/// events of the objects involved, found through the `objects` index: a Deployment and the
/// ReplicaSets named `<name>-…`; a StatefulSet, its ControllerRevisions, pods `<name>-N`, claims
/// `<template>-<name>-N` and the volumes they bind. The cost follows the workload's own history,
/// not the log's length.
public struct WorkloadQueries: Sendable {
    public let ledger: Ledger

    public init(ledger: Ledger) { self.ledger = ledger }

    /// Revisions of every event of `keys` in the view `point`, distinct, in position order
    /// (occurrence time, then revision; see ``HistoryPoint``).
    func revisions(of keys: [ObjectKey], in point: HistoryPoint) throws -> [UInt64] {
        var all: [UInt64] = []
        for key in keys { all += try ledger.history(of: key, upTo: point.revision).map(\.revision) }
        return try inPositionOrder(Array(Set(all)).sorted(), in: point)
    }

    /// `revisions` (ascending) narrowed to the view `point` and put in position order. On a
    /// prefix view of a log appended in occurrence order up to them, they are already: no header
    /// is read.
    func inPositionOrder(_ revisions: [UInt64], in point: HistoryPoint) throws -> [UInt64] {
        let clock = try ledger.occurrenceClock()
        if point.isRevisionPrefix, clock.firstLateRevision.map({ $0 > (revisions.last ?? 0) }) ?? true {
            return revisions
        }
        return try ledger.occurrenceTimes(at: revisions)
            .filter { point.includes(revision: $0.revision, occurredAt: $0.occurredAt) }
            .sorted { ($0.occurredAt, $0.revision) < ($1.occurredAt, $1.revision) }
            .map(\.revision)
    }

    /// Folds the events at `revisions` in the order given (position order).
    func fold<P: PositionFolding>(_ projection: inout P, revisions: [UInt64]) throws {
        var index = 0
        while index < revisions.count {
            let chunk = Array(revisions[index..<min(index + 2048, revisions.count)])
            // `events(at:)` reads in the order given.
            for e in try ledger.events(at: chunk) { projection.applyInPositionOrder(e) }
            index += chunk.count
        }
    }

    /// The rollout history of a Deployment, StatefulSet or DaemonSet as it was at revision `r`.
    /// A pure read: it starts from the workload's cached fold when one exists at or before `r`
    /// (the write side keeps it: ``refreshRolloutCache(kind:namespace:name:)``) and folds the
    /// rest in memory.
    public func rollouts(
        kind: String, namespace: String, name: String, at requested: UInt64 = .max
    ) throws
        -> WorkloadRollouts?
    {
        let r = min(requested, try ledger.lastRevision())
        return try rollouts(kind: kind, namespace: namespace, name: name, in: try History(ledger: ledger).point(.revision(r)))
    }

    /// The rollout history of a Deployment, StatefulSet or DaemonSet in the view `point`
    /// (revisions numbered in occurrence order).
    public func rollouts(
        kind: String, namespace: String, name: String, in point: HistoryPoint
    ) throws
        -> WorkloadRollouts?
    {
        try foldRollouts(kind: kind, namespace: namespace, name: name, in: point).projection
            .history(kind: kind, namespace: namespace, name: name)
    }

    /// The workload's own objects: the workload and its ReplicaSets or ControllerRevisions.
    func rolloutKeys(kind: String, namespace: String, name: String) throws -> [ObjectKey] {
        let owner = ObjectKey(group: "apps", kind: kind, namespace: namespace, name: name)
        let childKind = kind == "Deployment" ? "apps/ReplicaSet" : "apps/ControllerRevision"
        return [owner] + (try ledger.objectKeys(groupKind: childKind, namespace: namespace, namePrefix: name + "-"))
    }

    /// The workload's cached fold, when it is still valid (no amendment written since), and the
    /// store's amendment count.
    func cachedRollouts(
        kind: String, namespace: String, name: String, atOrBefore r: UInt64
    ) throws
        -> (projection: RolloutsProjection?, amendments: UInt64)
    {
        let amendments = try ledger.amendmentCount()
        let cacheName = Self.rolloutsCacheName(kind: kind, namespace: namespace, name: name)
        guard let cached = try ledger.cache(cacheName, atOrBefore: r), cached.bytes.count > 8,
            cached.bytes[0..<8].reduce(UInt64(0), { $0 << 8 | UInt64($1) }) == amendments,
            var restored = try? RolloutsProjection(decoding: Array(cached.bytes[8...]))
        else { return (nil, amendments) }
        restored.keepsAllRevisions = true
        return (restored, amendments)
    }

    /// The workload's rollouts fold at `r`: from its valid cached fold at or before `r`, if any,
    /// then the events after it.
    ///
    /// The cache is a fold in revision order, so it is used only while every event up to the
    /// view was appended in occurrence order; otherwise the workload is folded by position from
    /// its first event.
    func foldRollouts(
        kind: String, namespace: String, name: String, in point: HistoryPoint
    ) throws
        -> (projection: RolloutsProjection, folded: Int, amendments: UInt64)
    {
        let keys = try rolloutKeys(kind: kind, namespace: namespace, name: name)
        let noLateEvent = try ledger.occurrenceClock().firstLateRevision == nil
        let inOrder = point.isRevisionPrefix && noLateEvent
        var (cached, amendments) = try cachedRollouts(
            kind: kind, namespace: namespace, name: name, atOrBefore: point.revision)
        if !inOrder { cached = nil }
        var projection = cached ?? RolloutsProjection(keepingAllRevisions: true)
        let from = cached?.lastRevision ?? 0
        let pending = try revisions(of: keys, in: point).filter { $0 > from }
        try fold(&projection, revisions: pending)
        return (projection, pending.count, amendments)
    }

    /// Write side: folds the workload up to the head and stores the fold as its cache when at
    /// least ``cacheThreshold`` of its events came after the cached one (only the latest fold is
    /// kept). Cheap otherwise: the workload's index entries are counted, nothing is folded.
    /// Returns whether a cache was written.
    @discardableResult
    public func refreshRolloutCache(kind: String, namespace: String, name: String) throws -> Bool {
        let head = try ledger.lastRevision()
        // A cache is a fold in revision order: none is kept once events arrive out of order.
        guard try ledger.occurrenceClock().firstLateRevision == nil else { return false }
        let point = HistoryPoint(revision: head, time: .now())
        let keys = try rolloutKeys(kind: kind, namespace: namespace, name: name)
        let (cached, _) = try cachedRollouts(kind: kind, namespace: namespace, name: name, atOrBefore: head)
        let from = cached?.lastRevision ?? 0
        guard try revisions(of: keys, in: point).lazy.filter({ $0 > from }).count >= Self.cacheThreshold else {
            return false
        }
        let (projection, _, amendments) = try foldRollouts(kind: kind, namespace: namespace, name: name, in: point)
        guard projection.lastRevision > from else { return false }
        var bytes = withUnsafeBytes(of: amendments.bigEndian) { Array($0) }
        bytes += projection.encoded()
        let cacheName = Self.rolloutsCacheName(kind: kind, namespace: namespace, name: name)
        try ledger.storeCache(cacheName, revision: projection.lastRevision, bytes: bytes)
        return true
    }

    /// Events folded by one `rollouts` query beyond which the fold is cached in the store.
    ///
    /// `rollout history` would otherwise fold every event of the workload and its ReplicaSets on
    /// every call, a cost that grows with the workload's age (28 ms at 300,000 events). The cache
    /// is a snapshot of the workload's projection at the last revision folded, written by the
    /// write side (``refreshRolloutCache(kind:namespace:name:)``), kept under
    /// ``rolloutsCacheName(kind:namespace:name:)`` in the `caches` database (the latest only), with the
    /// store's amendment count: the log is append-only, so only an amendment (an actor learned
    /// later from an audit record, see provenance.md) can make it stale, and then it is not used.
    /// The name carries ``rolloutsFoldVersion``, so a binary that folds differently starts anew.
    public static let cacheThreshold = 512

    /// Bumped whenever the rollouts fold changes what it computes.
    public static let rolloutsFoldVersion = 3

    /// The `caches` name of a workload's cached rollout fold.
    public static func rolloutsCacheName(kind: String, namespace: String, name: String) -> String {
        "workload-rollouts-f\(rolloutsFoldVersion)/"
            + RolloutsProjection.key(kind: kind, namespace: namespace, name: name)
    }

    /// The identity ledger of StatefulSet `namespace/name` as it was at revision `r`.
    public func identity(namespace: String, name: String, at r: UInt64 = .max) throws -> StatefulSetIdentity? {
        try identity(namespace: namespace, name: name, in: try History(ledger: ledger).point(.revision(r)))
    }

    /// The identity ledger of StatefulSet `namespace/name` in the view `point`.
    public func identity(namespace: String, name: String, in point: HistoryPoint) throws -> StatefulSetIdentity? {
        let set = ObjectKey(group: "apps", kind: "StatefulSet", namespace: namespace, name: name)
        let setRevisions = try revisions(of: [set], in: point)
        guard !setRevisions.isEmpty else { return nil }
        // Claim templates ever used by the set give the claim name prefixes.
        var templates = Set<String>()
        for e in try ledger.events(at: setRevisions) {
            guard let body = e.body, let obj = try? JSONReader.parse(body) else { continue }
            for t in obj.value(atPath: "spec.volumeClaimTemplates")?.arrayValue ?? [] {
                if let n = t.value(atPath: "metadata.name")?.stringValue { templates.insert(n) }
            }
        }
        var keys = [set]
        keys += try ledger.objectKeys(groupKind: "/Pod", namespace: namespace, namePrefix: name + "-")
        for t in templates.sorted() {
            keys += try ledger.objectKeys(
                groupKind: "/PersistentVolumeClaim", namespace: namespace, namePrefix: "\(t)-\(name)-")
        }
        var projection = StatefulSetIdentityProjection(keepingAllIncarnations: true)
        let base = try revisions(of: keys, in: point)
        try fold(&projection, revisions: base)
        // Second pass with the volumes the claims point at.
        let volumes = Set(
            projection.identity(namespace: namespace, name: name)?.ordinals.flatMap { $0.claims.compactMap(\.volume) }
                ?? []
        )
        .union(try claimVolumeNames(keys.filter { $0.kind == "PersistentVolumeClaim" }, in: point))
        if !volumes.isEmpty {
            let pvKeys = volumes.sorted().map {
                ObjectKey(group: "", kind: "PersistentVolume", namespace: "", name: $0)
            }
            var refolded = StatefulSetIdentityProjection(keepingAllIncarnations: true)
            try fold(&refolded, revisions: try revisions(of: keys + pvKeys, in: point))
            projection = refolded
        }
        return projection.identity(namespace: namespace, name: name)
    }

    /// Every `spec.volumeName` the claims ever had.
    private func claimVolumeNames(_ claims: [ObjectKey], in point: HistoryPoint) throws -> Set<String> {
        var out = Set<String>()
        for key in claims {
            for e in try ledger.events(at: revisions(of: [key], in: point)) {
                guard let body = e.body, let obj = try? JSONReader.parse(body),
                    let v = obj.value(atPath: "spec.volumeName")?.stringValue, !v.isEmpty
                else { continue }
                out.insert(v)
            }
        }
        return out
    }

    /// The objects live at revision `r` with the revision of the event that last wrote each, in
    /// key order: from the live set read model (``ProjectionStore/liveObjects(groupKind:kind:namespace:name:at:)``),
    /// whose cost follows the live set, or, when that cannot be stored (a read-only store far
    /// from its snapshots), by walking the `objects` index, whose cost follows every object ever
    /// seen. Both give the same answer.
    ///
    /// - Parameters:
    ///   - groupKind: `group/kind` (`apps/Deployment`, `/Pod`), or `nil` for every kind.
    ///   - kind: a kind in any group (`Pod`).
    ///   - namespace: one namespace (empty for cluster-scoped objects), or `nil` for all.
    ///   - name: one name, or `nil` for all.
    public func liveEntries(
        groupKind: String?, kind: String? = nil, namespace: String?, name: String? = nil, at r: UInt64 = .max
    ) throws -> [(key: ObjectKey, revision: UInt64)] {
        try liveEntries(
            groupKind: groupKind, kind: kind, namespace: namespace, name: name,
            in: try History(ledger: ledger).point(.revision(r)))
    }

    /// The objects live in the view `point`, as ``liveEntries(groupKind:kind:namespace:name:at:)``
    /// gives them; a view that is not a revision prefix (events appended out of occurrence
    /// order) is folded by position (``ProjectionStore/liveObjects(groupKind:kind:namespace:name:in:)``).
    public func liveEntries(
        groupKind: String?, kind: String? = nil, namespace: String?, name: String? = nil, in point: HistoryPoint
    ) throws -> [(key: ObjectKey, revision: UInt64)] {
        let store = ProjectionStore(ledger: ledger)
        guard point.isRevisionPrefix else {
            return try store.liveObjects(groupKind: groupKind, kind: kind, namespace: namespace, name: name, in: point)
                .map { ($0.key, $0.entry.revision) }
        }
        let r = point.revision
        if let live = try store.liveObjects(groupKind: groupKind, kind: kind, namespace: namespace, name: name, at: r)
        {
            return live.map { ($0.key, $0.entry.revision) }
        }
        return try ledger.liveObjects(
            groupKind: groupKind, namespace: groupKind == nil ? nil : namespace, atOrBefore: r
        )
        .filter { found in
            (kind == nil || found.key.kind == kind) && (namespace == nil || found.key.namespace == namespace)
                && (name == nil || found.key.name == name)
        }
        .map { ($0.key, $0.entry.revision) }
    }

    /// The version of the object at `key` in the view `point` (its latest event there by
    /// position), deleted or not; `nil` when it had none.
    public func latest(of key: ObjectKey, in point: HistoryPoint) throws -> ObjectVersionEntry? {
        if point.isRevisionPrefix { return try ledger.latest(of: key, atOrBefore: point.revision) }
        let entries = try ledger.history(of: key, upTo: point.revision)
        guard let last = try inPositionOrder(entries.map(\.revision), in: point).last else { return nil }
        return entries.first { $0.revision == last }
    }

    /// The objects of `groupKind` (every kind when `nil`; only `kind` when given) live at revision
    /// `r` (optionally one namespace, one name), with the event that last wrote each, in key order.
    public func liveObjects(
        groupKind: String?, kind: String? = nil, namespace: String?, name: String? = nil, at r: UInt64 = .max
    ) throws -> [(ObjectKey, RecordedEvent)] {
        try liveObjects(
            groupKind: groupKind, kind: kind, namespace: namespace, name: name,
            in: try History(ledger: ledger).point(.revision(r)))
    }

    /// The objects live in the view `point`, with the event that last wrote each, in key order.
    public func liveObjects(
        groupKind: String?, kind: String? = nil, namespace: String?, name: String? = nil, in point: HistoryPoint
    ) throws -> [(ObjectKey, RecordedEvent)] {
        var found: [(key: ObjectKey, revision: UInt64)]
        if let groupKind, let name, let namespace {
            // One object: one O(log n) seek in the `objects` index (a few on a view by position).
            let key = ObjectKey(
                encoded: Array(groupKind.utf8) + [0] + Array(namespace.utf8) + [0] + Array(name.utf8) + [0])!
            found =
                try latest(of: key, in: point).map { [(key, $0)] }?.filter { $0.1.verb != .delete }.map {
                    ($0.0, $0.1.revision)
                } ?? []
            if let kind { found = found.filter { $0.key.kind == kind } }
        } else {
            found = try liveEntries(groupKind: groupKind, kind: kind, namespace: namespace, name: name, in: point)
        }
        let events = try ledger.events(at: found.map(\.revision))
        return zip(found.map(\.key), events).map { ($0, $1) }
    }
}
